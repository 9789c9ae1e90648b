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

    /// <summary>
    /// A fixed arrival rate, whatever the answers' speed (latency under a given load). Paced workers each own a slice of
    /// the schedule; a latency counts from when its request was due, not from when it was sent, so a slow answer that
    /// delays the next request is not hidden (no coordinated omission). <see cref="LoadFigures.RequestsPerSecond"/>
    /// is the rate achieved: when it falls short of the target, the generator, not the server, was the limit.
    /// </summary>
    public async Task<LoadFigures> OpenLoopAsync(string name, Func<int, string> path, string? token, double ratePerSecond, TimeSpan duration,
        int workers = 64)
    {
        var latencies = new List<double>[workers];
        long errors = 0;
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var interval = 1 / ratePerSecond;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(total / workers + 1);
            for (var i = worker; i < total; i += workers)
            {
                var due = TimeSpan.FromSeconds(i * interval);
                var wait = due - clock.Elapsed;
                if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
                if (!await SendAsync(path(i), token)) Interlocked.Increment(ref errors);
                mine.Add((clock.Elapsed - due).TotalMilliseconds);
            }
        })));
        return Figures(name, latencies.SelectMany(l => l).ToList(), clock.Elapsed, errors);
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
