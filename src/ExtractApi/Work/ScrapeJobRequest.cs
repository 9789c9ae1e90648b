using System.Text.Json;
using ExtractApi.Rendering;

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

/// <summary>
/// The <c>json</c> format (v1 also <c>extract</c>, answered under that key): a JSON Schema filled by the extractor from
/// the page (a prompt beside it is a hint the extractor does not need), or a prompt alone for the optional LLM.
/// </summary>
public sealed record JsonFormatRequest(JsonElement? Schema, string? Prompt);

/// <summary>
/// The <c>changeTracking</c> format: compare the page with this organisation's previous scrape of it (per
/// <see cref="Tag"/>); <c>git-diff</c> mode adds a unified diff of the Markdown, <c>json</c> mode a per-field diff of
/// the schema's extraction.
/// </summary>
public sealed record ChangeTrackingRequest(IReadOnlyList<string> Modes, JsonElement? Schema, string? Prompt, string? Tag);

/// <summary>
/// The browser options of a scrape (Firecrawl <c>waitFor</c>, <c>actions</c>, <c>screenshot</c>, <c>mobile</c>,
/// <c>blockAds</c>; Linkup <c>renderJs</c>). Any of them but <see cref="BlockAds"/> makes the page rendered.
/// </summary>
public sealed record PageRendering
{
    /// <summary>Render even without waits, actions or a screenshot (Linkup's <c>renderJs</c>).</summary>
    public bool Force { get; init; }
    public int WaitForMs { get; init; }
    public bool Mobile { get; init; }
    public bool BlockAds { get; init; }
    public IReadOnlyList<BrowserAction> Actions { get; init; } = [];
    public ScreenshotSpec? Screenshot { get; init; }

    public bool NeedsBrowser => Force || WaitForMs > 0 || Mobile || Actions.Count > 0 || Screenshot is not null;
}
