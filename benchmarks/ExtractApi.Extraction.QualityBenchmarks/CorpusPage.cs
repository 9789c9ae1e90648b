using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ExtractApi.Extraction.QualityBenchmarks;

/// <summary>One page of ../shared/corpora/extraction with what a user sends and what is expected back (see the corpus README).</summary>
internal sealed partial record CorpusPage(
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
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
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

    /// <summary>
    /// As a browser decodes a page served as text/html without a charset: a byte order mark, else
    /// the charset its markup declares in its first 1024 bytes, else UTF-8.
    /// </summary>
    private static string Decode(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith("\xEF\xBB\xBF"u8))
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }
        var head = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 1024));
        var encoding = Encoding.UTF8;
        if (DeclaredCharset().Match(head) is { Success: true } match)
        {
            try
            {
                encoding = Encoding.GetEncoding(match.Groups[1].Value);
            }
            catch (ArgumentException)
            {
                // An unknown charset name: UTF-8, as browsers fall back.
            }
        }
        // HTML's rule: a page that says ISO-8859-1 is read as windows-1252.
        if (encoding.CodePage == 28591)
        {
            encoding = Encoding.GetEncoding(1252);
        }
        return encoding.GetString(bytes);
    }

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex DeclaredCharset();
}
