using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ExtractApi.Work;

/// <summary>Scraping limits, bound from the <c>Scraping</c> section.</summary>
public sealed class ScrapingSettings : IValidatableObject
{
    public const string Section = "Scraping";

    /// <summary>Allow loopback, private and link-local targets (tests and local use only).</summary>
    public bool AllowPrivateAddresses { get; set; }
    /// <summary>Private host:port pairs allowed anyway, e.g. an intranet docs server.</summary>
    public string[] AllowedPrivateEndpoints { get; set; } = [];
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 10L * 1024 * 1024;
    [Range(0, 100)]
    public int MaxRedirects { get; set; } = 10;
    /// <summary>
    /// How long converting one page (Markdown, main content, metadata, links, cleaned HTML) or extracting from it may
    /// take (<see cref="ExtractApi.Scraping.PageWork"/>): a page past it fails on its own with an error saying so, and
    /// the job's other pages go on. Parsing is linear in the page's size and comes before the bound is checked.
    /// </summary>
    public TimeSpan PageProcessingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How much memory the conversions of large pages may take together, as estimated from their tags
    /// (<see cref="PageDocuments.ConversionCost"/>: a parsed page takes hundreds of bytes per tag). Large pages wait
    /// for room (<see cref="LargePageGate"/>); a page estimated above the whole budget fails with an error saying so.
    /// Pages under a sixteenth of it (about 60,000 tags at the default) convert without waiting.
    /// </summary>
    [Range(16L * 1024 * 1024, long.MaxValue)]
    public long ConversionMemoryBudgetBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Pages of one batch fetched at once.</summary>
    [Range(1, int.MaxValue)]
    public int PagesInParallel { get; set; } = 8;

    /// <summary>
    /// How long a fetched page stays in its organisation's cache (Firecrawl's <c>maxAge</c>/<c>storeInCache</c>) before the
    /// sweeper removes it; a scrape reuses it only while it is younger than the scrape's own <c>maxAge</c>.
    /// </summary>
    public TimeSpan PageCacheRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// A forward proxy for scrapes (rendered pages too) and webhooks (<c>http://host:port</c>), empty for none. The system proxy
    /// (<c>HTTP_PROXY</c>/<c>HTTPS_PROXY</c>) is ignored: only this one is used, and every target is still checked.
    /// </summary>
    public string Proxy { get; set; } = "";

    /// <summary>The <see cref="Proxy"/> as a URI, or null when none is set.</summary>
    public Uri? ProxyAddress() => Proxy.Length == 0 ? null : new Uri(Proxy);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var endpoint in AllowedPrivateEndpoints.Where(e => !IPEndPoint.TryParse(e, out _)))
        {
            yield return new ValidationResult($"'{endpoint}' is not an address:port pair.", [nameof(AllowedPrivateEndpoints)]);
        }
        if (PageProcessingTimeout <= TimeSpan.Zero)
        {
            yield return new ValidationResult("PageProcessingTimeout must be positive.", [nameof(PageProcessingTimeout)]);
        }
        if (Proxy.Length > 0 && !(Uri.TryCreate(Proxy, UriKind.Absolute, out var proxy) && proxy.Scheme is "http" or "https" or "socks5"))
        {
            yield return new ValidationResult($"'{Proxy}' is not a proxy URL (http://host:port).", [nameof(Proxy)]);
        }
    }
}
