using System.Text.Json;
using ExtractApi.Rendering;

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
    /// <summary>What the page needs of a browser (waits, actions, screenshot, device), or null when a plain fetch may do.</summary>
    public PageRendering? Rendering { get; init; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ScrapeJobRequest FromJson(string json) =>
        JsonSerializer.Deserialize<ScrapeJobRequest>(json, Json) ?? throw new FormatException("Empty scrape request.");
}

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
