using System.Diagnostics;
using System.Net.Http.Headers;

namespace ExtractApi.PollBenchmarks;

/// <summary>Figures of one load run.</summary>
public sealed record LoadFigures(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

/// <summary>A small closed-loop and open-loop HTTP load generator (bounded in time, loopback only).</summary>
public sealed class LoadRun(HttpClient http)
{
    /// <summary>As fast as <paramref name="connections"/> concurrent clients can go.</summary>
    public async Task<LoadFigures> ClosedLoopAsync(string name, Func<int, string> path, string? token, int connections, TimeSpan duration)
    {
        var latencies = new List<double>[connections];
        long errors = 0;
        var stop = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = latencies[worker] = new List<double>(100_000);
            var i = worker;
            while (stop.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                if (!await SendAsync(path(i++), token)) Interlocked.Increment(ref errors);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return Figures(name, latencies.SelectMany(l => l).ToList(), stop.Elapsed, errors);
    }

    /// <summary>A fixed arrival rate, whatever the answers' speed (latency under a given load).</summary>
    public async Task<LoadFigures> OpenLoopAsync(string name, Func<int, string> path, string? token, double ratePerSecond, TimeSpan duration)
    {
        var latencies = new List<double>();
        var inFlight = new List<Task>();
        long errors = 0;
        var interval = TimeSpan.FromSeconds(1 / ratePerSecond);
        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (clock.Elapsed < duration)
        {
            var due = interval * sent;
            if (clock.Elapsed < due)
            {
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(2)) await Task.Delay(wait);
                else Thread.SpinWait(50);
                continue;
            }
            var i = sent++;
            inFlight.Add(Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await SendAsync(path(i), token);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies) latencies.Add(elapsed);
                if (!ok) Interlocked.Increment(ref errors);
            }));
        }
        await Task.WhenAll(inFlight);
        return Figures(name, latencies, clock.Elapsed, errors);
    }

    private async Task<bool> SendAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            return (int)response.StatusCode is 200 or 304;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static LoadFigures Figures(string name, List<double> latencies, TimeSpan elapsed, long errors)
    {
        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
        return new LoadFigures(name, latencies.Count / elapsed.TotalSeconds, Percentile(0.50), Percentile(0.99), latencies.Count, errors);
    }
}
