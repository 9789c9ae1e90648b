namespace ExtractApi.Rendering;

/// <summary>One page to render (in a fresh browser context, or in its job's <see cref="BrowserSession"/>).</summary>
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
    /// <summary>
    /// Only the page's DOM is wanted (no screenshot, no actions): images, media, fonts and style sheets are not fetched.
    /// </summary>
    public bool ContentOnly { get; init; }

    /// <summary>
    /// Whether the page may be rendered in a tab of its job's session: not when it runs actions, takes a screenshot or
    /// poses as a phone (those change the tab, and get a fresh context of their own).
    /// </summary>
    public bool MayShareTab => Actions.Count == 0 && Screenshot is null && !Mobile;
}
