namespace ExtractApi.Work;

/// <summary>Scraping limits, bound from the <c>Scraping</c> section.</summary>
public sealed class ScrapingSettings
{
    public const string Section = "Scraping";

    /// <summary>Allow loopback, private and link-local targets (tests and local use only).</summary>
    public bool AllowPrivateAddresses { get; set; }
    /// <summary>Private host:port pairs allowed anyway, e.g. an intranet docs server.</summary>
    public string[] AllowedPrivateEndpoints { get; set; } = [];
    public long MaxBodyBytes { get; set; } = 10L * 1024 * 1024;
    public int MaxRedirects { get; set; } = 10;
    /// <summary>Pages of one batch fetched at once.</summary>
    public int PagesInParallel { get; set; } = 8;
}
