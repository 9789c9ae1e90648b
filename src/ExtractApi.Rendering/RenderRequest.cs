namespace ExtractApi.Rendering;

/// <summary>One page to render in a fresh browser context.</summary>
public sealed record RenderRequest(Uri Url)
{
    /// <summary>Extra request headers for the page's own requests (the scrape's <c>headers</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    /// <summary>The page's time limit (capped by the pool's <see cref="RendererOptions.PageTimeout"/>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Fixed wait after the page loaded (Firecrawl's <c>waitFor</c>).</summary>
    public TimeSpan WaitFor { get; init; }
    /// <summary>A phone's viewport, touch and user agent instead of a desktop's.</summary>
    public bool Mobile { get; init; }
    /// <summary>Refuse requests to known ad and tracker hosts.</summary>
    public bool BlockAds { get; init; }
    public IReadOnlyList<BrowserAction> Actions { get; init; } = [];
    /// <summary>A screenshot of the page once loaded and after the actions, or null for none.</summary>
    public ScreenshotSpec? Screenshot { get; init; }
    /// <summary>
    /// The page's document as it was just fetched over HTTP, when it was (auto mode renders a script shell it fetched):
    /// the browser is given it instead of asking the site a second time. Its other requests go out as usual.
    /// </summary>
    public FetchedDocument? Document { get; init; }
}

/// <summary>A document fetched for <see cref="RenderRequest.Url"/>: its status, media type and bytes.</summary>
public sealed record FetchedDocument(int StatusCode, string ContentType, byte[] Body);

/// <summary>
/// How a screenshot is taken: the viewport or the whole page, JPEG <see cref="Quality"/> (PNG when null), and a
/// viewport size (the page's viewport when null).
/// </summary>
public sealed record ScreenshotSpec(bool FullPage = false, int? Quality = null, int? Width = null, int? Height = null);

/// <summary>
/// One step of Firecrawl's <c>actions</c>: <c>wait</c> (<see cref="Milliseconds"/> or a <see cref="Selector"/>),
/// <c>click</c> (<see cref="All"/> clicks every match), <c>write</c> (<see cref="Text"/> into the focused element),
/// <c>press</c> (<see cref="Key"/>), <c>scroll</c> (<see cref="Direction"/> up|down, the page or a selector),
/// <c>screenshot</c> (<see cref="FullPage"/>, <see cref="Quality"/>), <c>scrape</c> (the page's HTML now) and
/// <c>executeJavascript</c> (<see cref="Script"/>, its value kept).
/// </summary>
public sealed record BrowserAction(string Type)
{
    public int? Milliseconds { get; init; }
    public string? Selector { get; init; }
    public bool All { get; init; }
    public string? Text { get; init; }
    public string? Key { get; init; }
    public string? Direction { get; init; }
    public bool FullPage { get; init; }
    public int? Quality { get; init; }
    public string? Script { get; init; }

    public static readonly IReadOnlyList<string> Types = ["wait", "click", "write", "press", "scroll", "screenshot", "scrape", "executeJavascript"];
}
