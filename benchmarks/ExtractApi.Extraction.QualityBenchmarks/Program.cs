using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Extraction;
using ExtractApi.Extraction.QualityBenchmarks;

// Extraction quality on captured real pages (../shared/corpora/extraction): every page is extracted with the
// schema a user sends for it and judged as the corpus README says. Prints, per vertical and overall, field
// precision/recall/F1, the share of pages with every required field right, listing record recall and precision
// (as {items:[...]} and as Linkup's row mode), and extractions/s on one thread; beside it, metascraper
// (Node) on the same pages for the fields it covers.
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.Extraction.QualityBenchmarks [-- --corpus DIR] [--rounds N] [--verbose] [--no-peer]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = args.ToList();
string? Option(string name) => options.IndexOf(name) is >= 0 and var i && i + 1 < options.Count ? options[i + 1] : null;
var rounds = int.Parse(Option("--rounds") ?? "5", CultureInfo.InvariantCulture);
var verbose = options.Contains("--verbose");
var corpus = CorpusPage.FindCorpus(Option("--corpus"));
if (corpus is null)
{
    Console.WriteLine("No corpus: pass --corpus <folder> or run below a folder holding shared/corpora/extraction.");
    return 1;
}
var pages = CorpusPage.Load(corpus);
Console.WriteLine($"Corpus {corpus}: {pages.Count} pages ({string.Join(", ", pages.GroupBy(p => p.Vertical).Select(g => $"{g.Count()} {g.Key}"))}), " +
    $"{pages.Sum(p => p.Html.Length) / 1024.0 / 1024.0:F1} M chars; {Environment.ProcessorCount} cores, load average {LoadAverage()}");

// Compiled once per page, as the worker compiles once per job; row mode wraps the record schema as ExtractHandler does.
var jobs = pages.Select(p => (Page: p, Schema: ExtractionSchema.Parse(p.Schema),
    Rows: p.IsListing ? ExtractionSchema.Parse(RowModeSchema(p.Schema)) : null)).ToList();
var outcomes = jobs.Select(j => SchemaExtractor.Extract(ExtractionInput.FromHtml(j.Page.Html, j.Page.PlaceholderUrl), j.Schema)).ToList();
var rowOutcomes = jobs.Select(j => j.Rows is null ? null : SchemaExtractor.Extract(ExtractionInput.FromHtml(j.Page.Html, j.Page.PlaceholderUrl), j.Rows)).ToList();

var peer = options.Contains("--no-peer") ? null : Metascraper.Run(pages, rounds: 3);
var peerFields = new Dictionary<string, string> { ["title"] = "title", ["author"] = "author", ["publisher"] = "publisher", ["publication_date"] = "date", ["url"] = "url" };

// Detail pages: every expected field judged once.
var overall = new FieldTally();
var overallCovered = new FieldTally();
var peerCovered = new FieldTally();
foreach (var vertical in pages.Where(p => !p.IsListing).Select(p => p.Vertical).Distinct())
{
    var tally = new FieldTally();
    var byField = new SortedDictionary<string, (FieldTally Ours, Dictionary<Verdict, int> Verdicts, FieldTally? Peer)>(StringComparer.Ordinal);
    var verticalPages = 0;
    var requiredRight = 0;
    for (var i = 0; i < pages.Count; i++)
    {
        var page = pages[i];
        if (page.Vertical != vertical || page.IsListing)
        {
            continue;
        }
        verticalPages++;
        var allRequired = true;
        foreach (var field in page.Schema["properties"]!.AsObject().Select(p => p.Key))
        {
            var returned = outcomes[i].Data[field];
            if (!page.Expected.TryGetValue(field, out var expected))
            {
                // Not shown on the page: a required field is right only when left out.
                allRequired &= !page.Required.Contains(field) || string.IsNullOrWhiteSpace(Judge.Text(returned));
                continue;
            }
            var verdict = Judge.Field(field, page.Schema, returned, expected);
            tally.Add(verdict);
            if (!byField.TryGetValue(field, out var counts))
            {
                counts = (new FieldTally(), [], peerFields.ContainsKey(field) && peer is not null ? new FieldTally() : null);
                byField[field] = counts;
            }
            counts.Ours.Add(verdict);
            counts.Verdicts[verdict] = counts.Verdicts.GetValueOrDefault(verdict) + 1;
            if (page.Required.Contains(field) && verdict != Verdict.Correct)
            {
                allRequired = false;
            }
            if (counts.Peer is not null && peer!.Results.TryGetValue(page.Id, out var peerResult))
            {
                var peerVerdict = Judge.Field(field, page.Schema, peerResult[peerFields[field]], expected);
                counts.Peer.Add(peerVerdict);
                peerCovered.Add(peerVerdict);
                overallCovered.Add(verdict);
            }
            if (verbose && verdict != Verdict.Correct)
            {
                var overlap = field == "body" && Judge.Text(returned) is { } body ? $" (token F1 {Judge.TokenF1(Judge.Normalise(body), Judge.Normalise(expected[0])):F2})" : "";
                Console.WriteLine($"  {page.Id} {field}: {verdict}{overlap}: got \"{Cut(Judge.Text(returned))}\" ({outcomes[i].Sources.GetValueOrDefault(field) ?? "-"}), expected \"{Cut(expected[0])}\"");
            }
        }
        requiredRight += allRequired ? 1 : 0;
    }
    overall.Add(tally);
    Console.WriteLine();
    Console.WriteLine($"{vertical} ({verticalPages} pages): fields {tally}; every required field right on {requiredRight}/{verticalPages} pages ({100.0 * requiredRight / verticalPages:F0} %)");
    Console.WriteLine($"  {"field",-18} {"ExtractApi F1",14} {"correct/partial/wrong/missing",30} {"metascraper F1",15}");
    foreach (var (field, counts) in byField)
    {
        var verdicts = string.Join('/', new[] { Verdict.Correct, Verdict.Partial, Verdict.Wrong, Verdict.Missing }.Select(v => counts.Verdicts.GetValueOrDefault(v)));
        Console.WriteLine($"  {field,-18} {counts.Ours.F1,14:F3} {verdicts,30} {(counts.Peer is null ? "-" : counts.Peer.F1.ToString("F3", CultureInfo.InvariantCulture)),15}");
    }
}
Console.WriteLine();
Console.WriteLine($"detail fields overall: {overall}");
if (peer is not null)
{
    Console.WriteLine($"on the fields metascraper covers: ExtractApi {overallCovered}; metascraper {peerCovered}");
}

// Listing pages: records paired by their key, as {items:[...]} and as row mode.
foreach (var (mode, results) in new[] { ("items", outcomes.Select(o => o.Data["items"])), ("row mode", rowOutcomes.Select(o => o?.Data["rows"])) })
{
    var returnedLists = results.ToList();
    int expected = 0, returned = 0, paired = 0, otherChecked = 0, otherRight = 0;
    Console.WriteLine();
    Console.WriteLine($"listings as {mode}:");
    for (var i = 0; i < pages.Count; i++)
    {
        if (!pages[i].IsListing)
        {
            continue;
        }
        var items = (returnedLists[i] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var score = Judge.Listing(pages[i].Records, items, pages[i].RecordKey!);
        expected += score.Expected;
        returned += score.Returned;
        paired += score.Paired;
        otherChecked += score.OtherChecked;
        otherRight += score.OtherRight;
        Console.WriteLine($"  {pages[i].Id,-24} expected {score.Expected,3}, returned {score.Returned,3}, paired {score.Paired,3}; other field right {score.OtherRight}/{score.OtherChecked}");
        if (verbose && score.Unpaired.Count > 0)
        {
            Console.WriteLine($"    unpaired: {string.Join(" | ", score.Unpaired.Take(5).Select(u => Cut(u)))}; first returned: {Cut(items.FirstOrDefault()?.ToJsonString())}");
        }
    }
    Console.WriteLine($"  record recall {Ratio(paired, expected):F3} ({paired}/{expected}), precision {Ratio(paired, returned):F3} ({paired}/{returned}), " +
        $"other field right on {Ratio(otherRight, otherChecked):F3} of paired records");
}

// Speed: every page of the corpus once per pass (listings as {items}), one thread, median pass after a warm-up.
var passSeconds = new List<double>();
var warmUp = Stopwatch.StartNew();
while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
{
    ExtractAll();
}
for (var round = 0; round < rounds; round++)
{
    var timer = Stopwatch.StartNew();
    ExtractAll();
    passSeconds.Add(timer.Elapsed.TotalSeconds);
}
passSeconds.Sort();
var rate = pages.Count / passSeconds[passSeconds.Count / 2];
Console.WriteLine();
Console.WriteLine($"speed: {rate:F0} extractions/s over the corpus (median of {rounds} passes, one thread)" +
    (peer is null ? "" : $"; metascraper {peer.ExtractionsPerSecond:F0}/s on the same pages (5 fields, Node {peer.NodeVersion})"));
return 0;

void ExtractAll()
{
    foreach (var job in jobs)
    {
        SchemaExtractor.Extract(ExtractionInput.FromHtml(job.Page.Html, job.Page.PlaceholderUrl), job.Schema);
    }
}

static JsonObject RowModeSchema(JsonObject schema) => new()
{
    ["type"] = "object",
    ["properties"] = new JsonObject { ["rows"] = new JsonObject { ["type"] = "array", ["items"] = schema["properties"]!["items"]!["items"]!.DeepClone() } },
};

static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

static string Cut(string? text) => text is null ? "" : (text.Length > 90 ? text[..90].ReplaceLineEndings(" ") + "…" : text.ReplaceLineEndings(" "));

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
