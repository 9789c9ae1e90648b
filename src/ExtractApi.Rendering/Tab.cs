using PuppeteerSharp;

namespace ExtractApi.Rendering;

/// <summary>A browser tab and the context it lives in; a tab of a <see cref="BrowserSession"/> serves many of its job's pages.</summary>
internal sealed record Tab(IBrowser Browser, IBrowserContext Context, IPage Page)
{
    /// <summary>The session whose context this is, or null for a context of the tab's one page.</summary>
    public BrowserSession? Session { get; init; }

    /// <summary>The tab's lasting settings (user agent, guard script, request interception) are in place.</summary>
    public bool Prepared { get; set; }

    /// <summary>Extra request headers were set on the tab by a page before.</summary>
    public bool HasHeaders { get; set; }
}
