namespace ExtractApi.Rendering;

/// <summary>How the browser pool runs Chromium.</summary>
public sealed record RendererOptions
{
    /// <summary>The installed Chromium (Debian's <c>chromium</c> package); no browser is ever downloaded.</summary>
    public string ExecutablePath { get; init; } = "/usr/bin/chromium";
    /// <summary>Pages rendered at once, each in its own incognito context.</summary>
    public int Contexts { get; init; } = 2;
    /// <summary>Upper bound on one page's time, whatever the request asks.</summary>
    public TimeSpan PageTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>The V8 heap limit of each page's renderer, in megabytes (<c>--max-old-space-size</c>).</summary>
    public int MaxPageMemoryMegabytes { get; init; } = 512;
    /// <summary>
    /// The forward proxy rendered pages go through (the fetcher's <c>Scraping:Proxy</c>), or null for direct
    /// connections. Every target is still checked by the request guard before the request is handed to the proxy.
    /// </summary>
    public Uri? Proxy { get; init; }
}
