using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.QualityBenchmarks;

/// <summary>The peer: metascraper (author, date, publisher, title, url rules) run through Node over the same decoded pages.</summary>
internal sealed record Metascraper(IReadOnlyDictionary<string, JsonObject> Results, double ExtractionsPerSecond, string NodeVersion)
{
    public static Metascraper? Run(IReadOnlyList<CorpusPage> pages, int rounds)
    {
        var scriptFolder = Path.Combine(AppContext.BaseDirectory, "metascraper");
        if (!Directory.Exists(Path.Combine(scriptFolder, "node_modules")) && Shell("npm", "ci --no-audit --no-fund", scriptFolder) is null)
        {
            Console.WriteLine("metascraper: skipped (npm ci failed; is Node installed?)");
            return null;
        }
        var folder = Path.Combine(Path.GetTempPath(), "extractapi-extraction-quality-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            // The file name carries the page id, so the peer is given the same placeholder URL as the extractor.
            var byFile = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var page in pages)
            {
                var file = page.Id.Replace('/', '~') + ".html";
                byFile[file] = page.Id;
                File.WriteAllText(Path.Combine(folder, file), page.Html);
            }
            var output = Shell("node", $"peer.mjs \"{folder}\" {rounds}", scriptFolder);
            if (output is null)
            {
                Console.WriteLine("metascraper: skipped (node failed)");
                return null;
            }
            var lines = output.Trim().Split('\n');
            var results = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var line in lines[..^1])
            {
                var result = JsonNode.Parse(line)!.AsObject();
                results[byFile[result["file"]!.GetValue<string>()]] = result;
            }
            var timing = JsonNode.Parse(lines[^1])!;
            var perSecond = timing["pages"]!.GetValue<int>() / (timing["medianMs"]!.GetValue<double>() / 1000);
            return new Metascraper(results, perSecond, Shell("node", "--version", scriptFolder)?.Trim() ?? "?");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Shell(string command, string arguments, string workingDirectory)
    {
        try
        {
            var start = new ProcessStartInfo(command, arguments) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            // Without the optional native re2 (its build needs a compiler), metascraper's URL checks use JavaScript regular expressions.
            start.Environment["METASCRAPER_RE2"] = "false";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                Console.WriteLine($"{command} {arguments}: exit {process.ExitCode}: {stderr.Result.Trim()}");
                return null;
            }
            return stdout.Result;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
