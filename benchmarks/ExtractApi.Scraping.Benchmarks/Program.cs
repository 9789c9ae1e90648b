using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Corpus;

// HTML → Markdown throughput on one thread: our MarkdownConverter against turndown on Node, same
// corpus, same run. Usage: dotnet run -c Release --project benchmarks/ExtractApi.Scraping.Benchmarks [pages] [rounds]
var pageCount = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 40;
var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;

var pages = PageCorpus.Build(pageCount, minBytes: 20_000, maxBytes: 200_000, seed: 42);
var totalBytes = pages.Sum(page => (long)Encoding.UTF8.GetByteCount(page));
Console.WriteLine($"Corpus: {pages.Count} pages, {totalBytes / 1e6:F2} MB (articles, product listings, docs pages)");

var pageUrl = new Uri("https://bench.example.com/section/page.html");
var ours = MedianSeconds(rounds, () =>
{
    var sink = 0L;
    foreach (var page in pages)
    {
        sink += MarkdownConverter.Convert(page, pageUrl).Length;
    }

    return sink;
});
var oursMbPerSecond = totalBytes / 1e6 / ours;
Console.WriteLine($"MarkdownConverter (parse + convert, 1 thread): {oursMbPerSecond:F1} MB/s (median of {rounds} rounds, {ours * 1000:F0} ms per pass)");

var parseOnly = MedianSeconds(rounds, () =>
{
    var sink = 0L;
    foreach (var page in pages)
    {
        sink += MarkdownConverter.Parser.ParseDocument(page).ChildElementCount;
    }

    return sink;
});
Console.WriteLine($"  of which AngleSharp parsing alone: {totalBytes / 1e6 / parseOnly:F1} MB/s ({parseOnly * 1000:F0} ms per pass)");

var parsed = pages.Select(page => MarkdownConverter.Parser.ParseDocument(page)).ToList();
var convertOnly = MedianSeconds(rounds, () =>
{
    var sink = 0L;
    foreach (var document in parsed)
    {
        sink += MarkdownConverter.Convert(document.Body!, pageUrl).Length;
    }

    return sink;
});
Console.WriteLine($"  of which conversion of the parsed DOM alone: {totalBytes / 1e6 / convertOnly:F1} MB/s ({convertOnly * 1000:F0} ms per pass)");
parsed.Clear();

var turndownMbPerSecond = RunTurndown(pages, rounds);
if (turndownMbPerSecond is { } theirs)
{
    Console.WriteLine($"turndown + turndown-plugin-gfm on Node {NodeVersion()}: {theirs:F1} MB/s");
    Console.WriteLine($"Ratio: {oursMbPerSecond / theirs:F1}x turndown");
}

return 0;

static double MedianSeconds(int rounds, Func<long> pass)
{
    // Warm-up by time as well as by count: tiered JIT recompiles hot code on a background thread,
    // which lags far behind on a busy machine.
    var warmUp = Stopwatch.StartNew();
    for (var i = 0; i < 3 || warmUp.Elapsed < TimeSpan.FromSeconds(4); i++)
    {
        pass();
    }

    var times = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(pass());
        times.Add(watch.Elapsed.TotalSeconds);
    }

    times.Sort();
    return times[times.Count / 2];
}

static double? RunTurndown(IReadOnlyList<string> pages, int rounds)
{
    var scriptFolder = Path.Combine(AppContext.BaseDirectory, "turndown");
    if (!File.Exists(Path.Combine(scriptFolder, "bench.mjs")))
    {
        Console.WriteLine("turndown: skipped (bench.mjs not found beside the benchmark)");
        return null;
    }

    if (!Directory.Exists(Path.Combine(scriptFolder, "node_modules")) && Run("npm", "ci --no-audit --no-fund", scriptFolder) is null)
    {
        Console.WriteLine("turndown: skipped (npm ci failed; is Node installed?)");
        return null;
    }

    var corpusFolder = Path.Combine(Path.GetTempPath(), "extractapi-markdown-corpus-" + Environment.ProcessId);
    Directory.CreateDirectory(corpusFolder);
    try
    {
        for (var i = 0; i < pages.Count; i++)
        {
            File.WriteAllText(Path.Combine(corpusFolder, $"page-{i:D4}.html"), pages[i]);
        }

        var output = Run("node", $"bench.mjs \"{corpusFolder}\" {rounds}", scriptFolder);
        if (output is null)
        {
            Console.WriteLine("turndown: skipped (node failed)");
            return null;
        }

        using var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return result.RootElement.GetProperty("mbPerSecond").GetDouble();
    }
    finally
    {
        Directory.Delete(corpusFolder, recursive: true);
    }
}

static string NodeVersion() => Run("node", "--version", Environment.CurrentDirectory)?.Trim() ?? "?";

static string? Run(string command, string arguments, string workingDirectory)
{
    try
    {
        var start = new ProcessStartInfo(command, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
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
