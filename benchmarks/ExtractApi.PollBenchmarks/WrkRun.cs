using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ExtractApi.PollBenchmarks;

/// <summary>
/// Peak (closed-loop) load with wrk when the machine has it: a C load generator on epoll takes far less of a small
/// machine's CPU than an HttpClient loop in this process, so the servers' ratios are less flattened by the tool.
/// The paths rotate through a Lua script, like the built-in generator's.
/// </summary>
public static partial class WrkRun
{
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, "wrk")).FirstOrDefault(File.Exists);

    /// <summary>
    /// About <paramref name="ratePerSecond"/>: each connection waits between an answer and its next request so that the
    /// connections together send at that rate (wrk's <c>delay()</c>). Unlike a true open loop, a slow answer delays
    /// the next request (wrk has no fixed-rate mode); the rate achieved is reported.
    /// </summary>
    public static Task<LoadFigures> PacedAsync(string wrk, string name, IReadOnlyList<string> urls, string? token, int connections,
        double ratePerSecond, double expectedLatencyMs, TimeSpan duration)
    {
        var delayMs = Math.Max(0, (int)Math.Round(connections * 1000 / ratePerSecond - expectedLatencyMs));
        return ClosedLoopAsync(wrk, name, urls, token, connections, duration, $"function delay() return {delayMs} end\n");
    }

    public static async Task<LoadFigures> ClosedLoopAsync(string wrk, string name, IReadOnlyList<string> urls, string? token, int connections,
        TimeSpan duration, string extraLua = "")
    {
        var script = Path.Combine(Path.GetTempPath(), $"pollbench-{Guid.NewGuid():N}.lua");
        var paths = string.Join(", ", urls.Select(u => $"\"{new Uri(u).PathAndQuery}\""));
        var header = token is null ? "" : $"wrk.headers[\"Authorization\"] = \"Bearer {token}\"\n";
        await File.WriteAllTextAsync(script, $$"""
            {{header}}{{extraLua}}local paths = { {{paths}} }
            local i = 0
            request = function()
              i = i + 1
              return wrk.format("GET", paths[(i % #paths) + 1])
            end
            """);
        try
        {
            var start = new ProcessStartInfo(wrk)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList = { "-t1", $"-c{connections}", $"-d{Math.Max(1, (int)duration.TotalSeconds)}s", "--latency", "-s", script, urls[0] },
            };
            using var process = Process.Start(start)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return Parse(name, output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static LoadFigures Parse(string name, string output)
    {
        double Number(Regex pattern) => pattern.Match(output) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        double Latency(string percentile)
        {
            var m = Regex.Match(output, $@"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }
        var socketErrors = SocketErrors().Match(output) is { Success: true } s
            ? s.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new LoadFigures(name, Number(RequestsPerSecond()), Latency("50"), Latency("99"), (long)Number(Requests()),
            (long)Number(Non2xx()) + socketErrors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();
}
