using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>
/// A batch scrape as the worker runs it (stored as the job's request). Dialects validate their own wire request and
/// normalise it into this; the worker never sees a vendor's field names. <see cref="Formats"/> names what each
/// document carries (<c>markdown</c>, <c>html</c>, <c>rawHtml</c>, <c>links</c>, <c>json</c>, <c>summary</c>,
/// <c>changeTracking</c>; <c>screenshot</c> or <c>screenshot@fullPage</c>, which need a renderer); <see cref="JsonFormat"/>
/// and <see cref="ChangeTracking"/> hold the options of those formats. A page fetched for this organisation within
/// <see cref="MaxAgeMs"/> is reused (0: always fetch); <see cref="StoreInCache"/> keeps this fetch for later reuse.
/// </summary>
public sealed record ScrapeJobRequest(
    IReadOnlyList<string> Urls,
    IReadOnlyList<string> Formats,
    bool OnlyMainContent,
    IReadOnlyList<string> IncludeTags,
    IReadOnlyList<string> ExcludeTags,
    IReadOnlyDictionary<string, string> Headers,
    int TimeoutMs,
    WebhookTarget? Webhook,
    JsonFormatRequest? JsonFormat = null,
    ChangeTrackingRequest? ChangeTracking = null,
    long MaxAgeMs = 0,
    bool StoreInCache = false,
    bool ParsePdf = true,
    int? PdfMaxPages = null)
{
    /// <summary>What the page needs of a browser (waits, actions, screenshot, device), or null when a plain fetch may do.</summary>
    public PageRendering? Rendering { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ScrapeJobRequest FromJson(string json) =>
        JsonSerializer.Deserialize<ScrapeJobRequest>(json, Json) ?? throw new FormatException("Empty scrape request.");
}
