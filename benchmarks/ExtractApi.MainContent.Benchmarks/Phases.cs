using System.Diagnostics;
using System.Globalization;
using AngleSharp.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.MainContent.Benchmarks;

/// <summary>
/// Where the time of <see cref="PageConverter.Convert"/> goes (<c>--phases</c>): its steps called one by one,
/// as it calls them, each timed with a Stopwatch over the corpus; the median of the rounds after a warm-up.
/// </summary>
internal static class Phases
{
    private static readonly string[] Names = ["parse", "metadata + links", "main content", "cleaned HTML", "Markdown"];

    public static void Print(IReadOnlyList<CorpusPage> pages, int rounds)
    {
        var totals = new List<double[]>();
        var warmUp = Stopwatch.StartNew();
        for (var round = 0; round < rounds + 2 || warmUp.Elapsed < TimeSpan.FromSeconds(5); round++)
        {
            var ticks = new long[Names.Length];
            foreach (var page in pages)
            {
                Pass(page, ticks);
            }

            totals.Add(ticks.Select(tick => (double)tick / Stopwatch.Frequency).ToArray());
        }

        var measured = totals.TakeLast(rounds).ToList();
        var medians = Enumerable.Range(0, Names.Length)
            .Select(phase => measured.Select(round => round[phase]).Order().ElementAt(measured.Count / 2)).ToArray();
        var sum = medians.Sum();
        Console.WriteLine($"Phases of PageConverter.Convert (onlyMainContent=true), median of {rounds} rounds, ms per page:");
        for (var phase = 0; phase < Names.Length; phase++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Names[phase],-18} {medians[phase] * 1000 / pages.Count,7:F3} ms  {medians[phase] / sum,6:P1}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"total",-18} {sum * 1000 / pages.Count,7:F3} ms  ({pages.Count / sum:F1} pages/s)"));
    }

    private static void Pass(CorpusPage page, long[] ticks)
    {
        var start = Stopwatch.GetTimestamp();
        var document = HtmlDocumentParser.ParseForReading(page.Html);
        var parsed = Stopwatch.GetTimestamp();
        var baseUrl = PageUrls.DocumentBase(document, page.Url);
        var metadata = PageMetadata.Read(document, baseUrl);
        PageLinks.Collect(document, baseUrl);
        var described = Stopwatch.GetTimestamp();
        IElement content = ExtractApi.Scraping.MainContent.Extract(document.Body ?? document.DocumentElement, metadata.Title, metadata.OgTitle);
        var extracted = Stopwatch.GetTimestamp();
        CleanedHtml.Render(content, baseUrl);
        var cleaned = Stopwatch.GetTimestamp();
        MarkdownConverter.Convert(content, baseUrl);
        var converted = Stopwatch.GetTimestamp();
        ticks[0] += parsed - start;
        ticks[1] += described - parsed;
        ticks[2] += extracted - described;
        ticks[3] += cleaned - extracted;
        ticks[4] += converted - cleaned;
    }
}
