using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Work;

namespace ExtractApi.Dialects.Firecrawl;

public static class FirecrawlRequests
{
    public const int MaxUrlsPerBatch = 10_000;
    public static readonly string[] WebhookEvents = ["started", "page", "completed", "failed"];

    /// <summary>A batch body's own keys, beside the scrape options.</summary>
    private static readonly string[] BatchKeys = ["urls", "webhook", "ignoreInvalidURLs", "appendToId", "maxConcurrency"];

    /// <summary>Validates a batch scrape body (v1, or v2 with format objects) into the worker's request; the scrape
    /// options are read as for a single scrape. Invalid URLs are skipped (and listed) when <c>ignoreInvalidURLs</c> is
    /// set, else they fail the request like any other bad field.</summary>
    public static (ScrapeJobRequest? Request, IReadOnlyList<string> InvalidUrls, ApiError? Error) ReadBatchScrape(
        JsonElement body, FirecrawlVersion version, bool modelAvailable)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, [], ApiError.BadRequest($"Bad Request: {notObject!.Field} {notObject.Message}", [notObject]));
        FirecrawlCrawlRequests.RejectUnknown(reader, "", [.. FirecrawlCrawlRequests.ScrapeKeys(version), .. BatchKeys]);
        if (reader.Has("appendToId")) reader.Fail("appendToId", "adding URLs to an existing batch is not supported: start another batch");
        // Pages of a batch are fetched Scraping:PagesInParallel at a time; a lower limit is accepted and not needed.
        reader.WholeNumber("maxConcurrency", 1, 1, 1000);

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

        var options = FirecrawlCrawlRequests.ReadScrapeOptions(reader, version, "", modelAvailable);
        var webhook = ReadWebhook(reader);

        if (!reader.IsValid) return (null, [], ApiError.BadRequest($"Bad Request: {reader.Summary}", reader.Errors));
        return (options with { Urls = urls, Webhook = webhook }, invalid, null);
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
