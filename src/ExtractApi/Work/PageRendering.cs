using ExtractApi.Rendering;

namespace ExtractApi.Work;

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
