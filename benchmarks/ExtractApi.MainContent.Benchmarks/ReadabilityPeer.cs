using System.Diagnostics;
using System.Text.Json;

namespace ExtractApi.MainContent.Benchmarks;

/// <summary>
/// Mozilla Readability itself (@mozilla/readability 0.6.0 on linkedom, Node) as a second peer in the same run:
/// <c>readability/bench.mjs</c> reads the corpus, extracts every page and times its passes; its article texts
/// are scored here like ours. Installs itself with <c>npm ci</c> beside the benchmark on first run; skipped
/// (with the reason) when Node or the packages are not there.
/// </summary>
internal static class ReadabilityPeer
{
    public static (string[] Texts, Timing Timing, string Node)? Run(string corpus, IReadOnlyList<CorpusPage> pages, int rounds)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "readability");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")) && Execute("npm", ["ci", "--no-audit", "--no-fund"], folder) is null)
        {
            Console.WriteLine("Mozilla Readability: skipped (npm ci failed; is Node installed?)");
            return null;
        }

        var output = Execute("node", ["bench.mjs", corpus, rounds.ToString(System.Globalization.CultureInfo.InvariantCulture)], folder);
        if (output is null)
        {
            Console.WriteLine("Mozilla Readability: skipped (node failed)");
            return null;
        }

        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        var texts = root.GetProperty("texts");
        return (
            pages.Select(page => texts.TryGetProperty(page.Id, out var text) ? text.GetString() ?? "" : "").ToArray(),
            new Timing(root.GetProperty("medianMs").GetDouble() / 1000, root.GetProperty("medianCpuMs").GetDouble() / 1000),
            Execute("node", ["--version"], folder)?.Trim() ?? "?");
    }

    /// <summary>The command's standard output, or null (with its error output printed) when it cannot run or fails.</summary>
    private static string? Execute(string command, IEnumerable<string> arguments, string folder)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return output;
            }

            Console.WriteLine($"{command}: exit {process.ExitCode}: {error.Result.Trim()}");
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
