using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Scraping.Crawling;
using ExtractApi.Work;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// Reads Firecrawl's <c>/scrape</c>, <c>/crawl</c> and <c>/map</c> bodies (v1 and v2) into the worker's requests.
/// Like Firecrawl, a key the API does not know is a 400 (a misspelt option would otherwise be silently ignored);
/// keys Firecrawl knows that change nothing here (<c>origin</c>, <c>integration</c>, <c>zeroDataRetention</c>, cache
/// and proxy hints...) are accepted. Options that need what this server does not have (a browser for actions and
/// screenshots, a language model for prompts) are a 400 naming the field.
/// </summary>
public static class FirecrawlCrawlRequests
{
    public const int DefaultCrawlLimit = 10_000;
    public const int MaxCrawlLimit = 100_000;
    public const int DefaultMapLimit = 5_000;
    public const int MaxMapLimit = 30_000;
    public const int DefaultMapTimeoutMs = 60_000;

    /// <summary>Keys every Firecrawl body may carry without effect here.</summary>
    private static readonly string[] Passive = ["origin", "integration", "zeroDataRetention", "__experimental_cache", "auditMetadata", "threatProtection"];

    private static readonly string[] ScrapeKeysV1 =
    [
        "formats", "headers", "includeTags", "excludeTags", "onlyMainContent", "timeout", "waitFor", "mobile", "skipTlsVerification",
        "removeBase64Images", "blockAds", "proxy", "location", "actions", "jsonOptions", "extract", "changeTrackingOptions", "maxAge",
        "storeInCache", "parsePDF", "fastMode", "useMock", "agent",
    ];

    private static readonly string[] ScrapeKeysV2 =
    [
        "formats", "headers", "includeTags", "excludeTags", "onlyMainContent", "timeout", "waitFor", "mobile", "parsers", "actions", "location",
        "skipTlsVerification", "removeBase64Images", "fastMode", "useMock", "blockAds", "proxy", "maxAge", "minAge", "storeInCache", "lockdown",
        "redactPII", "profile", "domainTools", "toolDetail",
    ];

    /// <summary>The keys of a scrape's options in this version (a batch body is these plus its own).</summary>
    internal static string[] ScrapeKeys(FirecrawlVersion version) => version == FirecrawlVersion.V1 ? ScrapeKeysV1 : ScrapeKeysV2;

    private static readonly string[] CrawlKeysV1 =
    [
        "url", "includePaths", "excludePaths", "maxDepth", "maxDiscoveryDepth", "limit", "allowBackwardLinks", "crawlEntireDomain",
        "allowExternalLinks", "ignoreSitemap", "scrapeOptions", "webhook", "deduplicateSimilarURLs", "ignoreQueryParameters", "regexOnFullURL",
        "delay", "allowSubdomains", "maxConcurrency", "ignoreRobotsTxt", "robotsUserAgent",
    ];

    private static readonly string[] CrawlKeysV2 =
    [
        "url", "prompt", "includePaths", "excludePaths", "maxDiscoveryDepth", "sitemap", "ignoreQueryParameters", "deduplicateSimilarURLs",
        "limit", "crawlEntireDomain", "allowExternalLinks", "allowSubdomains", "ignoreRobotsTxt", "robotsUserAgent", "delay", "maxConcurrency",
        "webhook", "scrapeOptions", "regexOnFullURL",
    ];

    private static readonly string[] MapKeysV1 =
        ["url", "search", "ignoreSitemap", "sitemapOnly", "includeSubdomains", "limit", "timeout", "useIndex", "location", "ignoreQueryParameters"];

    private static readonly string[] MapKeysV2 =
        ["url", "search", "sitemap", "includeSubdomains", "ignoreQueryParameters", "limit", "timeout", "location", "useIndex"];

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary><c>POST /v1|v2/scrape</c>: the URL (exactly as requested: it comes back as <c>sourceURL</c>) and its options.</summary>
    public static (ScrapeJobRequest? Request, ApiError? Error) ReadScrape(JsonElement body, FirecrawlVersion version, bool modelAvailable)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, Invalid([notObject!]));
        RejectUnknown(reader, "", [.. version == FirecrawlVersion.V1 ? ScrapeKeysV1 : ScrapeKeysV2, "url"]);
        var url = ReadUrl(reader);
        var options = ReadScrapeOptions(reader, version, "", modelAvailable);
        if (!reader.IsValid) return (null, Invalid(reader.Errors));
        return (options with { Urls = [url!] }, null);
    }

    /// <summary><c>POST /v1|v2/crawl</c>.</summary>
    public static (CrawlJobRequest? Request, ApiError? Error) ReadCrawl(JsonElement body, FirecrawlVersion version, bool modelAvailable)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, Invalid([notObject!]));
        var v1 = version == FirecrawlVersion.V1;
        RejectUnknown(reader, "", v1 ? CrawlKeysV1 : CrawlKeysV2);
        var url = ReadUrl(reader);
        if (reader.Has("prompt")) reader.Fail("prompt", "crawl options from a prompt need a language model, which this server does not use; give the options instead");

        var includePaths = Patterns(reader, "includePaths");
        var excludePaths = Patterns(reader, "excludePaths");
        var scope = new CrawlScopeOptions
        {
            IncludePaths = includePaths,
            ExcludePaths = excludePaths,
            RegexOnFullUrl = reader.Flag("regexOnFullURL", false),
            CrawlEntireDomain = reader.Flag("crawlEntireDomain", v1 && reader.Flag("allowBackwardLinks", false)),
            AllowSubdomains = reader.Flag("allowSubdomains", false),
            AllowExternalLinks = reader.Flag("allowExternalLinks", false),
            MaxDiscoveryDepth = reader.Has("maxDiscoveryDepth") ? reader.WholeNumber("maxDiscoveryDepth", 0, 0, 1000) : null,
            MaxPathDepth = v1 && reader.Has("maxDepth") ? reader.WholeNumber("maxDepth", 0, 0, 1000) : null,
        };
        var limit = reader.WholeNumber("limit", DefaultCrawlLimit, 1, MaxCrawlLimit);
        SitemapMode sitemap;
        if (v1)
        {
            sitemap = reader.Flag("ignoreSitemap", false) ? SitemapMode.Skip : SitemapMode.Include;
        }
        else
        {
            sitemap = ReadSitemapMode(reader);
        }
        var delay = reader.Has("delay") ? ReadSeconds(reader, "delay") : 0;
        int? concurrency = reader.Has("maxConcurrency") ? reader.WholeNumber("maxConcurrency", 1, 1, 100) : null;
        if (reader.Text("robotsUserAgent", maxLength: 200) is { Length: > 0 })
        {
            reader.Fail("robotsUserAgent", $"this crawler obeys robots.txt as '{RobotsTxt.ProductToken}'; another user agent cannot be chosen");
        }

        ScrapeJobRequest scrape;
        switch (reader.Element("scrapeOptions"))
        {
            case null:
                scrape = ReadScrapeOptions(new RequestReader(EmptyObject), version, "scrapeOptions.", modelAvailable);
                break;
            case { ValueKind: JsonValueKind.Object } nested:
                var inner = new RequestReader(nested);
                RejectUnknown(inner, "", v1 ? ScrapeKeysV1 : ScrapeKeysV2);
                scrape = ReadScrapeOptions(inner, version, "", modelAvailable);
                foreach (var error in inner.Errors) reader.Fail($"scrapeOptions.{error.Field}", error.Message);
                break;
            default:
                reader.Fail("scrapeOptions", "must be an object");
                scrape = null!;
                break;
        }
        var webhook = FirecrawlRequests.ReadWebhook(reader);
        if (!reader.IsValid) return (null, Invalid(reader.Errors));
        return (new CrawlJobRequest(url!, limit, scope, reader.Flag("ignoreQueryParameters", false), reader.Flag("deduplicateSimilarURLs", true),
            sitemap, reader.Flag("ignoreRobotsTxt", false), delay, concurrency, scrape, webhook), null);
    }

    /// <summary><c>POST /v1|v2/map</c>, with the map's overall time limit.</summary>
    public static (MapRequest? Request, TimeSpan Timeout, ApiError? Error) ReadMap(JsonElement body, FirecrawlVersion version)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, default, Invalid([notObject!]));
        var v1 = version == FirecrawlVersion.V1;
        RejectUnknown(reader, "", v1 ? MapKeysV1 : MapKeysV2);
        var url = ReadUrl(reader);
        var search = reader.Text("search", maxLength: 1000);
        SitemapMode sitemap;
        if (v1)
        {
            var only = reader.Flag("sitemapOnly", false);
            var ignore = reader.Flag("ignoreSitemap", false);
            if (only && ignore) reader.Fail("sitemapOnly", "cannot be combined with ignoreSitemap");
            sitemap = only ? SitemapMode.Only : ignore ? SitemapMode.Skip : SitemapMode.Include;
        }
        else
        {
            sitemap = ReadSitemapMode(reader);
        }
        var limit = reader.WholeNumber("limit", DefaultMapLimit, 1, MaxMapLimit);
        var timeout = reader.WholeNumber("timeout", DefaultMapTimeoutMs, 1_000, 300_000);
        if (!reader.IsValid) return (null, default, Invalid(reader.Errors));
        return (new MapRequest(url!, search, reader.Flag("includeSubdomains", true), reader.Flag("ignoreQueryParameters", true), limit, sitemap,
            new Dictionary<string, string>()), TimeSpan.FromMilliseconds(timeout), null);
    }

    /// <summary>
    /// The scrape options of a scrape body, a crawl's <c>scrapeOptions</c> or a batch: formats (<see cref="FirecrawlFormats"/>),
    /// content filters, headers, the page timeout, the cache (<c>maxAge</c>: v2 defaults to two days, v1 to 0;
    /// <c>storeInCache</c>) and PDF parsing (v2 <c>parsers</c>, v1 <c>parsePDF</c>). <paramref name="modelAvailable"/>
    /// says whether an LLM is configured: formats that need one are refused without it.
    /// </summary>
    public static ScrapeJobRequest ReadScrapeOptions(RequestReader reader, FirecrawlVersion version, string prefix, bool modelAvailable)
    {
        var formats = FirecrawlFormats.Read(reader, version, prefix, modelAvailable);
        if (reader.Has("agent")) reader.Fail($"{prefix}agent", "agent models need a hosted model; this server extracts with its own extractor");

        var onlyMainContent = reader.Flag("onlyMainContent", true);
        var includeTags = Selectors(reader, prefix, "includeTags");
        var excludeTags = Selectors(reader, prefix, "excludeTags");
        var headers = reader.TextMap("headers") ?? new Dictionary<string, string>();
        var timeout = reader.WholeNumber("timeout", 30_000, 1_000, 300_000);
        var maxAge = reader.WholeNumber("maxAge", version == FirecrawlVersion.V2 ? DefaultMaxAgeMsV2 : 0, 0, int.MaxValue);
        var storeInCache = reader.Flag("storeInCache", true);
        var (parsePdf, pdfMaxPages) = version == FirecrawlVersion.V2 ? ReadParsers(reader, prefix) : (reader.Flag("parsePDF", true), null);
        return new ScrapeJobRequest([], formats.Names, onlyMainContent, includeTags, excludeTags, headers, timeout, null,
            formats.Json, formats.ChangeTracking, maxAge, storeInCache, parsePdf, pdfMaxPages)
        {
            Rendering = FirecrawlBrowserOptions.Read(reader, prefix, formats.Screenshot),
        };
    }

    /// <summary>v2's default <c>maxAge</c>: a page this organisation fetched in the last two days is reused.</summary>
    public const int DefaultMaxAgeMsV2 = 2 * 24 * 60 * 60 * 1000;

    /// <summary>
    /// v2 <c>parsers</c>: <c>"pdf"</c> or <c>{type:"pdf", maxPages}</c> turns PDFs into Markdown (the default); a list
    /// without it leaves a PDF's text out. <c>mode</c> other than <c>fast</c>/<c>auto</c> (OCR) is not available here.
    /// </summary>
    private static (bool ParsePdf, int? MaxPages) ReadParsers(RequestReader reader, string prefix)
    {
        switch (reader.Element("parsers"))
        {
            case null:
                return (true, null);
            case { ValueKind: JsonValueKind.Array } parsers:
                var pdf = false;
                int? maxPages = null;
                var index = 0;
                foreach (var parser in parsers.EnumerateArray())
                {
                    var field = $"{prefix}parsers[{index++}]";
                    var type = parser.ValueKind == JsonValueKind.String ? parser.GetString()
                        : parser.ValueKind == JsonValueKind.Object && parser.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    switch (type)
                    {
                        case "pdf":
                            pdf = true;
                            if (parser.ValueKind != JsonValueKind.Object) break;
                            if (parser.TryGetProperty("maxPages", out var max))
                            {
                                if (max.ValueKind == JsonValueKind.Number && max.TryGetInt32(out var pages) && pages is >= 1 and <= 10_000) maxPages = pages;
                                else reader.Fail($"{field}.maxPages", "must be a whole number from 1 to 10000");
                            }
                            if (parser.TryGetProperty("mode", out var mode) && mode.GetString() is not ("fast" or "auto"))
                            {
                                reader.Fail($"{field}.mode", "only 'fast' and 'auto' are available: this server reads a PDF's text layer and has no OCR");
                            }
                            break;
                        case "image":
                            reader.Fail(field, "the image parser needs OCR, which this server does not have");
                            break;
                        default:
                            reader.Fail(field, "must be \"pdf\" or {type:\"pdf\", maxPages}");
                            break;
                    }
                }
                return (pdf, maxPages);
            default:
                reader.Fail($"{prefix}parsers", "must be an array");
                return (true, null);
        }
    }

    /// <summary>Firecrawl refuses keys it does not know (zod <c>strict</c>): a misspelt option is an error, not a no-op.</summary>
    public static void RejectUnknown(RequestReader reader, string prefix, IEnumerable<string> known)
    {
        var allowed = new HashSet<string>(known.Concat(Passive), StringComparer.Ordinal);
        foreach (var property in reader.Root.EnumerateObject())
        {
            if (!allowed.Contains(property.Name)) reader.Fail($"{prefix}{property.Name}", "unrecognized key in body");
        }
    }

    private static string? ReadUrl(RequestReader reader)
    {
        var url = reader.Text("url", required: true, maxLength: 8192);
        if (url is not null && RequestReader.HttpUrl(url, out var problem) is null) reader.Fail("url", problem!);
        return url?.Trim();
    }

    private static SitemapMode ReadSitemapMode(RequestReader reader) => reader.Text("sitemap", maxLength: 20) switch
    {
        null or "include" => SitemapMode.Include,
        "skip" => SitemapMode.Skip,
        "only" => SitemapMode.Only,
        _ => Fail(reader, "sitemap", "must be one of skip, include, only", SitemapMode.Include),
    };

    private static double ReadSeconds(RequestReader reader, string name) =>
        reader.Element(name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDouble(out var seconds) && seconds is >= 0 and <= 60
            ? seconds
            : Fail(reader, name, "must be a number of seconds from 0 to 60", 0d);

    private static IReadOnlyList<string> Patterns(RequestReader reader, string name)
    {
        var patterns = reader.TextList(name, maxItems: 100, maxLength: 1000) ?? [];
        for (var i = 0; i < patterns.Count; i++)
        {
            if (CrawlScope.CheckPattern(patterns[i]) is { } problem) reader.Fail($"{name}[{i}]", problem);
        }
        return patterns;
    }

    private static IReadOnlyList<string> Selectors(RequestReader reader, string prefix, string name)
    {
        var selectors = reader.TextList(name, maxItems: 100, maxLength: 500) ?? [];
        for (var i = 0; i < selectors.Count; i++)
        {
            if (!Scraping.MainContent.IsValidSelector(selectors[i])) reader.Fail($"{prefix}{name}[{i}]", $"'{selectors[i]}' is not a valid CSS selector");
        }
        return selectors;
    }

    internal static T Fail<T>(RequestReader reader, string field, string message, T fallback)
    {
        reader.Fail(field, message);
        return fallback;
    }

    internal static ApiError Invalid(IReadOnlyList<FieldError> errors) =>
        ApiError.BadRequest($"Bad Request: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}", errors);
}
