using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Corpus;

// HTML → Markdown throughput on one thread: our MarkdownConverter against turndown on Node, same
// corpus, same run. Usage: dotnet run -c Release --project benchmarks/ExtractApi.Scraping.Benchmarks [pages] [rounds]
//
// Each side reports the median over timed rounds twice: by wall clock, and by the CPU time its
// process used. On a machine shared with other work the wall clock also counts time spent waiting
// for a core; the CPU figure does not, so its ratio is the steadier comparison.
var pageCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 40;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;

var pages = PageCorpus.Build(pageCount, minBytes: 20_000, maxBytes: 200_000, seed: 42);
var megabytes = pages.Sum(page => (long)Encoding.UTF8.GetByteCount(page)) / 1e6;
Console.WriteLine($"Corpus: {pages.Count} pages, {megabytes:F2} MB (articles, product listings, docs pages), {Environment.ProcessorCount} cores, load average {LoadAverage()}");

var pageUrl = new Uri("https://bench.example.com/section/page.html");
var parseOnly = Measure(rounds, () =>
{
    var sink = 0L;
    foreach (var page in pages)
    {
        sink += HtmlDocumentParser.Parse(page).ChildElementCount;
    }

    return sink;
});
Report("AngleSharp parsing alone", megabytes, parseOnly);

var parsed = pages.Select(page => HtmlDocumentParser.Parse(page)).ToList();
var convertOnly = Measure(rounds, () =>
{
    var sink = 0L;
    foreach (var document in parsed)
    {
        sink += MarkdownConverter.Convert(document.Body!, pageUrl).Length;
    }

    return sink;
});
Report("Converting the parsed DOM alone", megabytes, convertOnly);
parsed.Clear();

// Measured after its parts, which leaves the tiered JIT done with both halves of the work.
var ours = Measure(rounds, () =>
{
    var sink = 0L;
    foreach (var page in pages)
    {
        sink += MarkdownConverter.Convert(page, pageUrl).Length;
    }

    return sink;
});
Report("MarkdownConverter, parse + convert (1 thread)", megabytes, ours);

if (RunTurndown(pages, rounds) is { } turndown)
{
    Report($"turndown 7.2.5 + turndown-plugin-gfm (domino) on Node {NodeVersion()}", megabytes, turndown);
    Console.WriteLine($"Ratio: {turndown.WallSeconds / ours.WallSeconds:F1}x turndown by wall clock, {turndown.CpuSeconds / ours.CpuSeconds:F1}x by CPU time");
}

return 0;

static void Report(string what, double megabytes, Timing timing) =>
    Console.WriteLine($"{what}: {megabytes / timing.WallSeconds:F1} MB/s wall clock, {megabytes / timing.CpuSeconds:F1} MB/s of CPU time (medians; {timing.WallSeconds * 1000:F0} ms per pass)");

static Timing Measure(int rounds, Func<long> pass)
{
    // Warm-up by time as well as by count: tiered JIT recompiles hot code on a background thread,
    // which lags far behind on a busy machine.
    var warmUp = Stopwatch.StartNew();
    for (var i = 0; i < 3 || warmUp.Elapsed < TimeSpan.FromSeconds(4); i++)
    {
        pass();
    }

    var process = Process.GetCurrentProcess();
    var wall = new List<double>();
    var cpu = new List<double>();
    for (var i = 0; i < rounds; i++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        GC.KeepAlive(pass());
        wall.Add(watch.Elapsed.TotalSeconds);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    return new Timing(Median(wall), Median(cpu));
}

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

static Timing? RunTurndown(IReadOnlyList<string> pages, int rounds)
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
        var root = result.RootElement;
        return new Timing(root.GetProperty("medianMs").GetDouble() / 1000, root.GetProperty("medianCpuMs").GetDouble() / 1000);
    }
    finally
    {
        Directory.Delete(corpusFolder, recursive: true);
    }
}

static string NodeVersion() => Run("node", "--version", Environment.CurrentDirectory)?.Trim() ?? "?";

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

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

/// <summary>Median seconds per pass over the corpus, by wall clock and by CPU time of the process.</summary>
internal readonly record struct Timing(double WallSeconds, double CpuSeconds);
