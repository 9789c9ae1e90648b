using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>
/// A batch scrape as the worker runs it (stored as the job's request). Dialects validate their own wire request and
/// normalise it into this; the worker never sees a vendor's field names.
/// </summary>
public sealed record ScrapeJobRequest(
    IReadOnlyList<string> Urls,
    IReadOnlyList<string> Formats,
    bool OnlyMainContent,
    IReadOnlyList<string> IncludeTags,
    IReadOnlyList<string> ExcludeTags,
    IReadOnlyDictionary<string, string> Headers,
    int TimeoutMs,
    WebhookTarget? Webhook)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ScrapeJobRequest FromJson(string json) =>
        JsonSerializer.Deserialize<ScrapeJobRequest>(json, Json) ?? throw new FormatException("Empty scrape request.");
}
