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
    /// <summary>
    /// The stored request's JSON shape (web defaults: camelCase names). Its own, so a change to another request's
    /// options cannot change how extract jobs already in the database are read back.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ExtractJobRequest FromJson(string json) =>
        JsonSerializer.Deserialize<ExtractJobRequest>(json, Json) ?? throw new FormatException("Empty extract request.");
}
