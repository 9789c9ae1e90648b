using System.IO.Compression;
using System.Text.Json.Nodes;
using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Extraction.QualityBenchmarks;

/// <summary>One page of ../shared/corpora/extraction with what a user sends and what is expected back (see the corpus README).</summary>
internal sealed record CorpusPage(
    string Id,
    string Vertical,
    string Html,
    JsonObject Schema,
    IReadOnlyList<string> Required,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Expected,
    string? RecordKey,
    IReadOnlyList<JsonObject> Records)
{
    public bool IsListing => Records.Count > 0 || RecordKey is not null;

    /// <summary>The URL both extractors are given: the corpus does not say where a page was fetched from.</summary>
    public string PlaceholderUrl => "https://example.com/corpus/" + Id;

    /// <summary>The corpus folder: <c>--corpus</c>, else <c>shared/corpora/extraction</c> found walking up from the working directory.</summary>
    public static string? FindCorpus(string? given)
    {
        if (given is not null)
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : null;
        }
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "corpora", "extraction");
            if (File.Exists(Path.Combine(candidate, "truth.json")))
            {
                return candidate;
            }
        }
        return null;
    }

    public static List<CorpusPage> Load(string corpus)
    {
        var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(corpus, "truth.json")))!.AsArray();
        var pages = new List<CorpusPage>();
        foreach (var entry in truth.OfType<JsonObject>())
        {
            var bytes = File.ReadAllBytes(Path.Combine(corpus, entry["path"]!.GetValue<string>()));
            if (entry["path"]!.GetValue<string>().EndsWith(".gz", StringComparison.Ordinal))
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                gzip.CopyTo(plain);
                bytes = plain.ToArray();
            }
            var schema = entry["schema"]!.AsObject();
            var expected = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            foreach (var (field, values) in entry["expected"] as JsonObject ?? [])
            {
                expected[field] = [.. values!.AsArray().Select(v => v!.GetValue<string>())];
            }
            pages.Add(new CorpusPage(
                entry["id"]!.GetValue<string>(),
                entry["vertical"]!.GetValue<string>(),
                Decode(bytes),
                schema,
                [.. (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>())],
                expected,
                entry["record_key"]?.GetValue<string>(),
                [.. (entry["records"] as JsonArray ?? []).OfType<JsonObject>()]));
        }
        return pages;
    }

    /// <summary>As a browser decodes a page served as text/html without a charset (the corpus README says so).</summary>
    private static string Decode(byte[] bytes) => PageEncoding.Decode(bytes, "text/html");
}
