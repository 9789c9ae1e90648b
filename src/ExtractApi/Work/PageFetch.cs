using ExtractApi.Rendering;
using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Work;

/// <summary>A page as it was obtained: the response (fetched or rendered), which engine produced it, and what the browser added.</summary>
public sealed record PageFetch(FetchResult Response, string Engine, RenderResult? Rendered)
{
    /// <summary>The body as text when it was already read as text (a rendered DOM, or a page checked for being a script shell).</summary>
    public string? Text { get; init; }

    /// <summary>The job the page belongs to (names its screenshots).</summary>
    public Guid JobId { get; init; }

    public const string HttpEngine = "http";
    public const string BrowserEngine = "browser";
}
