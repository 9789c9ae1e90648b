using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Work;

namespace ExtractApi.Dialects.Firecrawl;

public static class FirecrawlRequests
{
    public const int MaxUrlsPerBatch = 10_000;
    public static readonly string[] Formats = ["markdown", "html", "rawHtml", "links"];
    public static readonly string[] WebhookEvents = ["started", "page", "completed", "failed"];

    /// <summary>Validates a batch scrape body into the worker's request. Invalid URLs are skipped (and listed) when
    /// <c>ignoreInvalidURLs</c> is set, else they fail the request like any other bad field.</summary>
    public static (ScrapeJobRequest? Request, IReadOnlyList<string> InvalidUrls, ApiError? Error) ReadBatchScrape(
        JsonElement body, bool browserRenderingAvailable = false)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, [], ApiError.BadRequest($"Bad Request: {notObject!.Field} {notObject.Message}", [notObject]));

        var ignoreInvalid = reader.Flag("ignoreInvalidURLs", false);
        var rawUrls = reader.TextList("urls", required: true, maxItems: MaxUrlsPerBatch, maxLength: 8192) ?? [];
        var urls = new List<string>();
        var invalid = new List<string>();
        for (var i = 0; i < rawUrls.Count; i++)
        {
            // The URL is kept exactly as requested: it comes back as metadata.sourceURL.
            if (RequestReader.HttpUrl(rawUrls[i], out var problem) is not null) urls.Add(rawUrls[i]);
            else if (ignoreInvalid) invalid.Add(rawUrls[i]);
            else reader.Fail($"urls[{i}]", problem!);
        }
        if (reader.Has("urls") && rawUrls.Count == 0) reader.Fail("urls", "must contain at least one URL");
        else if (reader.IsValid && urls.Count == 0) reader.Fail("urls", "none of the URLs is a valid http or https URL");

        var formats = reader.TextList("formats", maxItems: 10) ?? ["markdown"];
        for (var i = 0; i < formats.Count; i++)
        {
            if (formats[i].StartsWith("screenshot", StringComparison.Ordinal) && !browserRenderingAvailable)
            {
                reader.Fail($"formats[{i}]", "screenshots need browser rendering, which this server is not configured for");
            }
            else if (!Formats.Contains(formats[i]))
            {
                reader.Fail($"formats[{i}]", $"must be one of {string.Join(", ", Formats)}");
            }
        }
        if (formats.Count == 0) reader.Fail("formats", "must name at least one format");

        var onlyMainContent = reader.Flag("onlyMainContent", true);
        var includeTags = reader.TextList("includeTags", maxItems: 100, maxLength: 500) ?? [];
        var excludeTags = reader.TextList("excludeTags", maxItems: 100, maxLength: 500) ?? [];
        CheckSelectors(reader, "includeTags", includeTags);
        CheckSelectors(reader, "excludeTags", excludeTags);
        var headers = reader.TextMap("headers") ?? new Dictionary<string, string>();
        var timeout = reader.WholeNumber("timeout", 30_000, 1_000, 300_000);
        var webhook = ReadWebhook(reader);

        if (!reader.IsValid) return (null, [], ApiError.BadRequest($"Bad Request: {reader.Summary}", reader.Errors));
        return (new ScrapeJobRequest(urls, formats.Distinct().ToList(), onlyMainContent, includeTags, excludeTags, headers, timeout, webhook),
            invalid, null);
    }

    private static void CheckSelectors(RequestReader reader, string field, IReadOnlyList<string> selectors)
    {
        for (var i = 0; i < selectors.Count; i++)
        {
            if (!Scraping.MainContent.IsValidSelector(selectors[i])) reader.Fail($"{field}[{i}]", $"'{selectors[i]}' is not a valid CSS selector");
        }
    }

    public static WebhookTarget? ReadWebhook(RequestReader reader)
    {
        switch (reader.Element("webhook"))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.String } text:
                if (RequestReader.HttpUrl(text.GetString()!, out var problem) is null)
                {
                    reader.Fail("webhook", problem!);
                    return null;
                }
                return new WebhookTarget(text.GetString()!, new Dictionary<string, string>(), null, WebhookEvents);
            case { ValueKind: JsonValueKind.Object } target:
                var inner = new RequestReader(target);
                var url = inner.Text("url", required: true, maxLength: 8192);
                if (url is not null && RequestReader.HttpUrl(url, out var urlProblem) is null) inner.Fail("url", urlProblem!);
                var headers = inner.TextMap("headers") ?? new Dictionary<string, string>();
                var events = inner.TextList("events", maxItems: 10) ?? WebhookEvents;
                for (var i = 0; i < events.Count; i++)
                {
                    if (!WebhookEvents.Contains(events[i])) inner.Fail($"events[{i}]", $"must be one of {string.Join(", ", WebhookEvents)}");
                }
                var metadata = inner.Element("metadata");
                foreach (var error in inner.Errors) reader.Fail($"webhook.{error.Field}", error.Message);
                return inner.IsValid ? new WebhookTarget(url!, headers, metadata?.Clone(), events) : null;
            default:
                reader.Fail("webhook", "must be a URL or an object with a url");
                return null;
        }
    }
}
