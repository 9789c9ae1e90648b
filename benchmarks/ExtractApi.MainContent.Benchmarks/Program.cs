using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using ExtractApi.MainContent.Benchmarks;
using ExtractApi.Scraping;

// Main-content quality and speed on the article extraction benchmark (181 real news pages with
// their article bodies): ours (PageConverter, onlyMainContent, Markdown read back as text) against
// SmartReader 0.11.1 (a .NET port of Mozilla Readability) on the same pages in the same process.
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.MainContent.Benchmarks
//        [-- --corpus DIR] [--rounds 3] [--worst 10] [--dump DIR] [--no-peer] [--diagnose [N]] [--phases] [--titles]
var options = BenchmarkOptions.Parse(args);
var corpus = options.Corpus ?? FindCorpus();
if (corpus is null || !File.Exists(Path.Combine(corpus, "ground-truth.json")))
{
    Console.Error.WriteLine("Corpus not found: pass --corpus <article-extraction-benchmark folder> or run below a folder holding shared/corpora.");
    return 2;
}

var pages = LoadPages(corpus);
var megabytes = pages.Sum(page => (long)page.Html.Length) / 1e6;
Console.WriteLine($"Corpus: {corpus}, {pages.Count} pages, {megabytes:F1} M characters of HTML, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

// The scorer first: it must give the benchmark's published figures for the outputs stored with it.
foreach (var (file, published) in new[] { ("readability_js.json", "0.947"), ("trafilatura.json", "0.958") })
{
    if (StoredOutput(Path.Combine(corpus, "output", file)) is { } stored)
    {
        var scores = Scores.Of(pages.Select(page => ShingleScore.Score(page.Expected, stored.GetValueOrDefault(page.Id, ""))));
        Console.WriteLine($"Scorer check, stored {file}: {scores} (published F1 {published})");
    }
}

if (options.Diagnose is { } diagnose)
{
    Diagnosis.Print(pages, diagnose);
    return 0;
}

if (options.Titles)
{
    FirecrawlTitles.Print(pages);
    return 0;
}

if (options.Phases)
{
    Phases.Print(pages, options.Rounds);
    return 0;
}

var ourTexts = new string[pages.Count];
var ours = Measure(options.Rounds, () =>
{
    for (var i = 0; i < pages.Count; i++)
    {
        ourTexts[i] = PageConverter.Convert(pages[i].Html, pages[i].Url, ConversionOptions.Default).Markdown;
    }
});
// AngleSharp's parse (as PageConverter calls it) is most of our time and SmartReader parses with it too:
// it bounds the speed ratio.
var parseOnly = Measure(options.Rounds, () =>
{
    foreach (var page in pages)
    {
        HtmlDocumentParser.ParseForReading(page.Html);
    }
});
var wholePage = Measure(options.Rounds, () =>
{
    foreach (var page in pages)
    {
        PageConverter.Convert(page.Html, page.Url, ConversionOptions.Default with { OnlyMainContent = false });
    }
});
Console.WriteLine($"Whole page (onlyMainContent=false): {pages.Count / wholePage.WallSeconds:F1} pages/s wall, {pages.Count / wholePage.CpuSeconds:F1} pages/s CPU");
Console.WriteLine($"AngleSharp parse alone: {pages.Count / parseOnly.WallSeconds:F1} pages/s wall, {pages.Count / parseOnly.CpuSeconds:F1} pages/s CPU");
var ourCounts = pages.Select((page, i) => ShingleScore.Score(page.Expected, MarkdownText.ToPlainText(ourTexts[i]))).ToArray();
var ourScores = Scores.Of(ourCounts);
Console.WriteLine($"ExtractApi main content (Markdown → text): {ourScores}  {pages.Count / ours.WallSeconds:F1} pages/s wall, {pages.Count / ours.CpuSeconds:F1} pages/s CPU (median of {options.Rounds}, 1 thread)");

// The benchmark's article bodies leave out the headline, which our Markdown starts with; for comparison
// with extractors that return the body alone, the same score without the "# " title line.
var bodyOnly = Scores.Of(pages.Select((page, i) => ShingleScore.Score(page.Expected, MarkdownText.ToPlainText(WithoutTitle(ourTexts[i])))));
Console.WriteLine($"  the same without the title line:            {bodyOnly}");
// Photo captions are the article's for a reader (and Firecrawl keeps them) but not part of the benchmark's bodies;
// a caller who wants the body alone asks for it with excludeTags, as here.
string[] captionSelectors = ["figcaption", "[class*=caption]"];
var bodyOptions = ConversionOptions.Default with { ExcludeTags = captionSelectors };
var bodyAlone = Scores.Of(pages.Select(page => ShingleScore.Score(
    page.Expected, MarkdownText.ToPlainText(WithoutTitle(PageConverter.Convert(page.Html, page.Url, bodyOptions).Markdown)))));
Console.WriteLine($"  and with excludeTags [{string.Join(", ", captionSelectors)}]: {bodyAlone}");

PageCounts[]? peerCounts = null;
if (!options.NoPeer)
{
    var peerTexts = new string[pages.Count];
    var peer = Measure(options.Rounds, () =>
    {
        for (var i = 0; i < pages.Count; i++)
        {
            peerTexts[i] = Peer(pages[i]);
        }
    });
    peerCounts = pages.Select((page, i) => ShingleScore.Score(page.Expected, peerTexts[i])).ToArray();
    Console.WriteLine($"SmartReader 0.11.1 (article TextContent):   {Scores.Of(peerCounts)}  {pages.Count / peer.WallSeconds:F1} pages/s wall, {pages.Count / peer.CpuSeconds:F1} pages/s CPU");
    Console.WriteLine($"Speed: {peer.WallSeconds / ours.WallSeconds:F1}x SmartReader by wall clock, {peer.CpuSeconds / ours.CpuSeconds:F1}x by CPU time");
    var lost = Enumerable.Range(0, pages.Count).Count(i => ourCounts[i].F1 < 0.5 && peerCounts[i].F1 > 0.8);
    Console.WriteLine($"Pages below F1 0.5 where SmartReader is above 0.8: {lost}");

    if (ReadabilityPeer.Run(corpus, pages, options.Rounds) is var (readabilityTexts, readability, node))
    {
        var readabilityCounts = pages.Select((page, i) => ShingleScore.Score(page.Expected, readabilityTexts[i])).ToArray();
        Console.WriteLine($"Mozilla Readability 0.6.0 (linkedom, Node {node}): {Scores.Of(readabilityCounts)}  {pages.Count / readability.WallSeconds:F1} pages/s wall, {pages.Count / readability.CpuSeconds:F1} pages/s CPU");
        Console.WriteLine($"Speed: {readability.WallSeconds / ours.WallSeconds:F1}x Readability by wall clock, {readability.CpuSeconds / ours.CpuSeconds:F1}x by CPU time");
        var lostToReadability = Enumerable.Range(0, pages.Count).Count(i => ourCounts[i].F1 < 0.5 && readabilityCounts[i].F1 > 0.8);
        Console.WriteLine($"Pages below F1 0.5 where Readability is above 0.8: {lostToReadability}");
    }
}

Console.WriteLine($"Worst {options.Worst} pages (ours):");
foreach (var i in Enumerable.Range(0, pages.Count).OrderBy(i => ourCounts[i].F1).Take(options.Worst))
{
    var peerF1 = peerCounts is null ? "" : $"  SmartReader F1 {peerCounts[i].F1:F2}";
    Console.WriteLine($"  {pages[i].Id[..12]}  P {ourCounts[i].Precision ?? 0:F2}  R {ourCounts[i].Recall ?? 0:F2}  F1 {ourCounts[i].F1:F2}{peerF1}  {pages[i].Url}");
}

if (options.Dump is { } dump)
{
    Directory.CreateDirectory(dump);
    for (var i = 0; i < pages.Count; i++)
    {
        File.WriteAllText(Path.Combine(dump, pages[i].Id + ".md"), ourTexts[i]);
        File.WriteAllText(Path.Combine(dump, pages[i].Id + ".expected.txt"), pages[i].Expected);
    }

    File.WriteAllLines(Path.Combine(dump, "scores.tsv"), Enumerable.Range(0, pages.Count).Select(i =>
        string.Create(CultureInfo.InvariantCulture, $"{pages[i].Id}\t{ourCounts[i].Precision ?? 0:F3}\t{ourCounts[i].Recall ?? 0:F3}\t{ourCounts[i].F1:F3}\t{(peerCounts is null ? "" : peerCounts[i].F1.ToString("F3", CultureInfo.InvariantCulture))}\t{pages[i].Url}")));
}

return 0;

static string Peer(CorpusPage page)
{
    var reader = new SmartReader.Reader(page.Url.AbsoluteUri, page.Html);
    var article = reader.GetArticle();
    return article.IsReadable ? article.TextContent ?? "" : "";
}

static string WithoutTitle(string markdown)
{
    var lines = markdown.Split('\n').ToList();
    var title = lines.FindIndex(line => line.StartsWith("# ", StringComparison.Ordinal));
    if (title >= 0)
    {
        lines.RemoveAt(title);
    }

    return string.Join('\n', lines);
}

static string? FindCorpus()
{
    for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
    {
        var candidate = Path.Combine(directory.FullName, "shared", "corpora", "article-extraction-benchmark");
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    return null;
}

static List<CorpusPage> LoadPages(string corpus)
{
    using var groundTruth = JsonDocument.Parse(File.ReadAllText(Path.Combine(corpus, "ground-truth.json")));
    var pages = new List<CorpusPage>();
    foreach (var entry in groundTruth.RootElement.EnumerateObject().OrderBy(entry => entry.Name, StringComparer.Ordinal))
    {
        using var file = File.OpenRead(Path.Combine(corpus, "html", entry.Name + ".html.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, System.Text.Encoding.UTF8);
        pages.Add(new CorpusPage(
            entry.Name,
            new Uri(entry.Value.GetProperty("url").GetString()!),
            reader.ReadToEnd(),
            entry.Value.GetProperty("articleBody").GetString() ?? ""));
    }

    return pages;
}

static Dictionary<string, string>? StoredOutput(string path)
{
    if (!File.Exists(path))
    {
        return null;
    }

    using var stored = JsonDocument.Parse(File.ReadAllText(path));
    var root = stored.RootElement.TryGetProperty("output", out var output) ? output : stored.RootElement;
    return root.EnumerateObject().ToDictionary(
        entry => entry.Name,
        entry => entry.Value.TryGetProperty("articleBody", out var body) ? body.GetString() ?? "" : "");
}

static Timing Measure(int rounds, Action pass)
{
    // Warm-up by time as well as by count: tiered JIT recompiles hot code on a background thread, which
    // lags far behind on a busy machine.
    var warmUp = Stopwatch.StartNew();
    for (var i = 0; i < 2 || warmUp.Elapsed < TimeSpan.FromSeconds(5); i++)
    {
        pass();
    }

    var wall = new List<double>();
    var cpu = new List<double>();
    var process = Process.GetCurrentProcess();
    for (var round = 0; round < rounds; round++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        pass();
        wall.Add(stopwatch.Elapsed.TotalSeconds);
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

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

internal sealed record CorpusPage(string Id, Uri Url, string Html, string Expected);

internal readonly record struct Timing(double WallSeconds, double CpuSeconds);

internal sealed record BenchmarkOptions(string? Corpus, int Rounds, int Worst, string? Dump, bool NoPeer, int? Diagnose, bool Phases, bool Titles)
{
    public static BenchmarkOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        return new BenchmarkOptions(
            Value("--corpus"),
            int.Parse(Value("--rounds") ?? "3", CultureInfo.InvariantCulture),
            int.Parse(Value("--worst") ?? "10", CultureInfo.InvariantCulture),
            Value("--dump"),
            args.Contains("--no-peer"),
            !args.Contains("--diagnose") ? null
                : int.TryParse(Value("--diagnose"), NumberStyles.None, CultureInfo.InvariantCulture, out var top) ? top : 40,
            args.Contains("--phases"),
            args.Contains("--titles"));
    }
}
