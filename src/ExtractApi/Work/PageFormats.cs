using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Pages;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Fetching;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// What a scraped page gets beyond its text, for batch pages, single scrapes and crawl pages alike: the organisation's
/// page cache (<see cref="FetchAsync"/>: a page fetched within the request's <c>maxAge</c> is converted again instead of
/// fetched; a fresh fetch is kept when <c>storeInCache</c>), and the formats that are computed from the page
/// (<see cref="CompleteAsync"/>): <c>json</c> filled by the extractor (<see cref="ExtractHandler.Fill"/>, the same entry
/// the extract jobs use) or by the optional LLM for a prompt alone, <c>summary</c> by the LLM, and change tracking
/// against the organisation's previous scrape of the URL.
/// </summary>
public sealed class PageFormats(
    PageCache cache,
    PageSnapshots snapshots,
    IOptions<PromptExtractorSettings> llm,
    IOptions<ScrapingSettings> settings,
    ILogger<PageFormats> logger)
{
    /// <summary>Where the json format's answer goes: <c>json</c> (v1 also <c>extract</c>, for its extract format).</summary>
    private static readonly string[] JsonKeys = ["json", "extract"];

    private const string SummaryPrompt =
        "Summarize this page in a few sentences. Answer with a JSON object {\"summary\": \"...\"}.";

    /// <summary>
    /// The page for <paramref name="url"/>: from the organisation's cache when the request accepts one that old
    /// (with when it was fetched), otherwise through <paramref name="fetch"/> (kept in the cache when the request says so).
    /// </summary>
    public async Task<(PageFetch Fetched, DateTime? CachedAt)> FetchAsync(Job job, string url, ScrapeJobRequest request,
        Func<CancellationToken, Task<PageFetch>> fetch, CancellationToken cancellationToken)
    {
        // A page the request wants rendered (waits, actions, a screenshot) is never answered from the cache.
        if (request.MaxAgeMs > 0 && request.Rendering is not { NeedsBrowser: true })
        {
            var notBefore = DateTime.UtcNow - TimeSpan.FromMilliseconds(request.MaxAgeMs);
            if (await cache.FindAsync(job.OrganisationId, url, notBefore, cancellationToken) is { } cached)
            {
                logger.LogInformation("Job {JobId}: {Url} served from the cache (fetched {FetchedAt:o})", job.Id, url, cached.FetchedAt);
                return (new PageFetch(new FetchResult(new Uri(url.Trim()), new Uri(cached.FinalUrl), cached.StatusCode, cached.ContentType, cached.Body,
                    cached.Truncated, null, TimeSpan.Zero), PageFetch.HttpEngine, null), cached.FetchedAt);
            }
        }
        var page = await fetch(cancellationToken);
        var fetched = page.Response;
        if (request.StoreInCache && fetched is { Succeeded: true, StatusCode: >= 200 and < 300 })
        {
            var now = DateTime.UtcNow;
            await cache.StoreAsync(new CachedPage
            {
                OrganisationId = job.OrganisationId, Url = url, FinalUrl = fetched.FinalUrl.AbsoluteUri, StatusCode = fetched.StatusCode,
                ContentType = fetched.ContentType, Body = fetched.Body, Truncated = fetched.Truncated, FetchedAt = now,
                ExpiresAt = now + settings.Value.PageCacheRetention,
            }, cancellationToken);
        }
        return (page, null);
    }

    /// <summary>
    /// The page with its computed formats (<see cref="PageRecord.ExtrasJson"/>) and, for a cached page, its cache
    /// metadata. <paramref name="visible"/> says whether the page was reached by a link (a crawl's sitemap-only pages
    /// are not), reported by change tracking.
    /// </summary>
    public async Task<PageRecord> CompleteAsync(Job job, PageRecord page, FetchResult fetched, ScrapeJobRequest request, DateTime? cachedAt,
        bool visible, CancellationToken cancellationToken) =>
        await CompleteAsync(new PageOwner(job.Id, job.OrganisationId), page, fetched, request, cachedAt, visible, cancellationToken);

    /// <summary>Whose page it is: the job (or parse request) id on every log line, and the organisation for change tracking.</summary>
    public sealed record PageOwner(Guid JobId, string OrganisationId);

    /// <inheritdoc cref="CompleteAsync(Job, PageRecord, FetchResult, ScrapeJobRequest, DateTime?, bool, CancellationToken)"/>
    public async Task<PageRecord> CompleteAsync(PageOwner job, PageRecord page, FetchResult fetched, ScrapeJobRequest request, DateTime? cachedAt,
        bool visible, CancellationToken cancellationToken)
    {
        if (cachedAt is { } at)
        {
            var metadata = JsonNode.Parse(page.MetadataJson ?? "{}")!.AsObject();
            metadata["cacheState"] = "hit";
            metadata["cachedAt"] = at.ToString("o", CultureInfo.InvariantCulture);
            page = page with { MetadataJson = metadata.ToJsonString() };
        }
        // Keys the page already has (a rendered page's screenshot and action results) stay beside the computed formats.
        var extras = page.ExtrasJson is null ? new JsonObject() : JsonNode.Parse(page.ExtrasJson)!.AsObject();
        var usable = page.Status == PageStatus.Succeeded && fetched.StatusCode is < 400;
        ExtractionInput? input = null;
        ExtractionInput Input() => input ??= ExtractHandler.InputOf(fetched);

        if (request.JsonFormat is { } json && usable)
        {
            var data = await FillAsync(job, json.Schema, json.Prompt, fetched, Input, cancellationToken);
            foreach (var key in JsonKeys.Where(request.Formats.Contains)) extras[key] = data?.DeepClone();
        }
        if (request.Formats.Contains("summary") && usable)
        {
            var answer = await PromptAsync(SummaryPrompt, fetched, cancellationToken);
            extras["summary"] = answer["summary"]?.DeepClone() ?? answer.ToJsonString();
        }
        if (request.ChangeTracking is { } tracking && page.Status == PageStatus.Succeeded)
        {
            extras["changeTracking"] = await TrackAsync(job, page, fetched, tracking, usable, visible, Input, cancellationToken);
        }
        return extras.Count == 0 ? page : page with { ExtrasJson = extras.ToJsonString() };
    }

    /// <summary>A schema filled by the extractor, or a prompt alone answered by the LLM.</summary>
    private async Task<JsonNode?> FillAsync(PageOwner job, JsonElement? schema, string? prompt, FetchResult fetched, Func<ExtractionInput> input,
        CancellationToken cancellationToken)
    {
        try
        {
            if (schema is { } given)
            {
                using (WorkTracing.StartExtraction(job.JobId, fetched.RequestedUrl.AbsoluteUri))
                {
                    var schemaOf = ExtractionSchema.Parse(JsonNode.Parse(given.GetRawText())!);
                    return PageWork.Run(settings.Value.PageProcessingTimeout, () => ExtractHandler.Fill(input(), schemaOf), cancellationToken).Data;
                }
            }
            return await PromptAsync(prompt!, fetched, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDocumentException or InvalidSchemaException or PromptExtractionUnavailableException or PageWorkTimeoutException)
        {
            logger.LogInformation("Job {JobId}: no json for {Url}: {Error}", job.JobId, fetched.RequestedUrl, e.Message);
            return null;
        }
    }

    private async Task<JsonObject> PromptAsync(string prompt, FetchResult fetched, CancellationToken cancellationToken)
    {
        var text = ExtractHandler.TextOf(fetched);
        return await PromptExtractors.FromSettings(llm.Value)
            .ExtractAsync(new PromptExtractionRequest(prompt, [new PromptDocument(fetched.FinalUrl.AbsoluteUri, text)]), cancellationToken);
    }

    /// <summary>
    /// Compares the page with the organisation's previous tracked scrape of the URL (per tag) and stores this one in its
    /// place: <c>new</c> (none before, or the page was gone), <c>removed</c> (gone now), <c>same</c> or <c>changed</c>
    /// (the Markdown, and in json mode the extracted fields).
    /// </summary>
    private async Task<JsonObject> TrackAsync(PageOwner job, PageRecord page, FetchResult fetched, ChangeTrackingRequest tracking, bool present,
        bool visible, Func<ExtractionInput> input, CancellationToken cancellationToken)
    {
        var markdown = page.Markdown ?? "";
        JsonNode? json = null;
        if (tracking.Modes.Contains("json") && present) json = await FillAsync(job, tracking.Schema, tracking.Prompt, fetched, input, cancellationToken);
        var now = DateTime.UtcNow;
        var previous = await snapshots.SwapAsync(new PageSnapshot
        {
            OrganisationId = job.OrganisationId, Url = page.Url, Tag = tracking.Tag ?? "", Markdown = present ? markdown : null,
            Json = json?.ToJsonString(), Present = present, ScrapedAt = now,
        }, cancellationToken);

        var before = previous is { Present: true } ? previous : null;
        var status = previous is null ? "new"
            : !present ? "removed"
            : before is null ? "new"
            : before.Markdown == markdown && JsonEquals(before.Json, json) ? "same"
            : "changed";
        var result = new JsonObject
        {
            ["previousScrapeAt"] = previous?.ScrapedAt.ToString("o", CultureInfo.InvariantCulture),
            ["changeStatus"] = status,
            ["visibility"] = visible ? "visible" : "hidden",
        };
        if (tracking.Tag is not null) result["tag"] = tracking.Tag;
        if (status == "changed" && tracking.Modes.Contains("git-diff"))
        {
            var (text, structure) = MarkdownDiff.Compare(before!.Markdown ?? "", markdown);
            result["diff"] = new JsonObject { ["text"] = text, ["json"] = structure };
        }
        if (tracking.Modes.Contains("json") && before is not null && present)
        {
            result["json"] = FieldDiff(before.Json is null ? null : JsonNode.Parse(before.Json), json);
        }
        logger.LogInformation("Job {JobId}: {Url} is {ChangeStatus} since {PreviousScrapeAt}", job.JobId, page.Url, status, previous?.ScrapedAt);
        return result;
    }

    /// <summary>json mode: each top-level field whose value changed, as <c>{previous, current}</c>.</summary>
    private static JsonObject FieldDiff(JsonNode? before, JsonNode? after)
    {
        var diff = new JsonObject();
        var keys = (before as JsonObject)?.Select(p => p.Key) ?? [];
        keys = keys.Union((after as JsonObject)?.Select(p => p.Key) ?? []);
        foreach (var key in keys)
        {
            var previous = (before as JsonObject)?[key];
            var current = (after as JsonObject)?[key];
            if (!JsonNode.DeepEquals(previous, current)) diff[key] = new JsonObject { ["previous"] = previous?.DeepClone(), ["current"] = current?.DeepClone() };
        }
        return diff;
    }

    private static bool JsonEquals(string? stored, JsonNode? current) =>
        JsonNode.DeepEquals(stored is null ? null : JsonNode.Parse(stored), current);
}
