using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>
/// An extraction from web pages as the worker runs it (stored as the job's request). <see cref="Rows"/> asks for
/// a list of records, each matching <see cref="Schema"/> (Linkup); otherwise one object is filled from all pages
/// (Firecrawl, JustCrawl).
/// </summary>
public sealed record ExtractJobRequest(
    IReadOnlyList<string> Urls,
    JsonElement? Schema,
    string? Prompt,
    bool Rows,
    bool ShowSources,
    bool VerifyUrls,
    bool OnlyMainContent,
    IReadOnlyDictionary<string, string> Headers,
    int TimeoutMs,
    string? SchemaId = null,
    string? DataType = null,
    Guid? UrlItemId = null)
{
    public string ToJson() => JsonSerializer.Serialize(this, ScrapeJobRequest.Json);

    public static ExtractJobRequest FromJson(string json) =>
        JsonSerializer.Deserialize<ExtractJobRequest>(json, ScrapeJobRequest.Json) ?? throw new FormatException("Empty extract request.");
}
