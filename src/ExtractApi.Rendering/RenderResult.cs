namespace ExtractApi.Rendering;

/// <summary>
/// What a rendered page gave: the DOM after scripts ran (serialised HTML), the main response's status and type, the
/// screenshot and the results of actions, and every request the guard refused. <see cref="Error"/> is set when the
/// page could not be rendered.
/// </summary>
public sealed record RenderResult(Uri RequestedUrl, Uri FinalUrl, int? StatusCode, string? ContentType, string Html, TimeSpan Elapsed)
{
    public string? Error { get; init; }
    /// <summary>The page ran out of time (its error then starts with <see cref="BrowserPool.TimeoutMessagePrefix"/>).</summary>
    public bool TimedOut { get; init; }
    /// <summary>The page's own address was refused by the SSRF guard.</summary>
    public bool Refused { get; init; }
    public Image? Screenshot { get; init; }
    public IReadOnlyList<Image> ActionScreenshots { get; init; } = [];
    public IReadOnlyList<ActionScrape> Scrapes { get; init; } = [];
    public IReadOnlyList<JavascriptReturn> JavascriptReturns { get; init; } = [];
    public IReadOnlyList<BlockedRequest> BlockedRequests { get; init; } = [];

    public bool Succeeded => Error is null;

    public static RenderResult Failed(Uri url, string error, TimeSpan elapsed) => new(url, url, null, null, "", elapsed) { Error = error };
}
