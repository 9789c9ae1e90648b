namespace ExtractApi.Rendering;

/// <summary>Hosts (and their subdomains) of well-known ad networks and trackers, refused when a scrape asks <c>blockAds</c>.</summary>
public static class AdHosts
{
    private static readonly string[] Domains =
    [
        "doubleclick.net", "googlesyndication.com", "googleadservices.com", "google-analytics.com", "googletagmanager.com",
        "googletagservices.com", "adservice.google.com", "adnxs.com", "amazon-adsystem.com", "criteo.com", "criteo.net",
        "taboola.com", "outbrain.com", "scorecardresearch.com", "quantserve.com", "moatads.com", "rubiconproject.com",
        "pubmatic.com", "openx.net", "casalemedia.com", "advertising.com", "adsrvr.org", "bidswitch.net", "smartadserver.com",
        "yieldmo.com", "media.net", "zedo.com", "hotjar.com", "mixpanel.com", "segment.io", "chartbeat.com", "newrelic.com",
        "nr-data.net", "connect.facebook.net", "ads-twitter.com", "ads.linkedin.com", "bat.bing.com", "clarity.ms",
    ];

    public static bool IsAdHost(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        foreach (var domain in Domains)
        {
            if (name == domain || name.EndsWith("." + domain, StringComparison.Ordinal)) return true;
        }
        return false;
    }
}
