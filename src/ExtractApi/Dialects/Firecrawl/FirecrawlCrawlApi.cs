using System.Globalization;
using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Crawling;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Work;
using ExtractApi.Extraction;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// Firecrawl's scrape, crawl and map routes under <c>/v1</c> and <c>/v2</c>. A scrape is a job of one page run by the
/// worker and waited for; a crawl is a job whose status is read like a batch's (one statement, ~10 MB pages, <c>next</c>);
/// a map runs in the request. Every route renders in its own version's shape.
/// </summary>
internal static class FirecrawlCrawlApi
{
    /// <summary>A synchronous scrape waits this much longer than the page's own timeout for the worker to take it.</summary>
    public static readonly TimeSpan ScrapeQueueSlack = TimeSpan.FromSeconds(10);

    public static RouteGroupBuilder MapScrapeCrawlMap(this RouteGroupBuilder group, FirecrawlVersion version)
    {
        var tag = version == FirecrawlVersion.V1 ? "FirecrawlV1" : "FirecrawlV2";

        group.MapPost("/scrape", (HttpContext context, Caller caller, JobSubmitter submitter, JobsDbContext db, JobQueue queue,
                IOptions<PromptExtractorSettings> llm, CancellationToken ct) => ScrapeAsync(context, caller, submitter, db, queue, llm.Value, version, ct))
            .WithName($"{tag}Scrape")
            .WithSummary("Scrapes one URL and answers with its document (the job is kept: GET /v2/scrape/{id}). Timeout → 408.")
            .ProducesErrors<FirecrawlError>(400, 401, 403, 408, 422, 429);

        if (version == FirecrawlVersion.V2)
        {
            group.MapGet("/scrape/{id}", (string id, Caller caller, HttpContext context, JobsDbContext db, CancellationToken ct) => GetScrapeAsync(id, caller, context, db, ct))
                .WithName($"{tag}ScrapeStatus")
                .WithSummary("The document of an earlier scrape, by the id in its metadata (scrapeId).")
                .ProducesErrors<FirecrawlError>(400, 401, 404);
        }

        group.MapPost("/crawl", (HttpContext context, Caller caller, JobSubmitter submitter, IOptions<PromptExtractorSettings> llm, CancellationToken ct) =>
                CreateCrawlAsync(context, caller, submitter, llm.Value, version, ct))
            .WithName($"{tag}Crawl")
            .WithSummary("Starts a crawl from a URL; answers 200 with its id at once. Honours `Idempotency-Key`.")
            .ProducesErrors<FirecrawlError>(400, 401, 413, 422, 429);

        group.MapGet("/crawl/active", (Caller caller, JobsDbContext db, CancellationToken ct) => ActiveAsync(caller, db, ct))
            .WithName($"{tag}ActiveCrawls")
            .WithSummary("The caller's crawls still running.");
        group.MapGet("/crawl/ongoing", (Caller caller, JobsDbContext db, CancellationToken ct) => ActiveAsync(caller, db, ct))
            .WithName($"{tag}OngoingCrawls")
            .WithSummary("Alias of /crawl/active.");

        group.MapGet("/crawl/{id}/errors", (string id, Caller caller, HttpContext context, JobsDbContext db, JobAnswerCache cache, CrawlFrontier frontier,
                CancellationToken ct) => FirecrawlApi.GetErrorsAsync(id, caller, context, db, cache, frontier, [JobKind.Crawl, JobKind.BatchScrape], version, ct))
            .WithName($"{tag}CrawlErrors")
            .WithSummary("Pages of a crawl that could not be fetched, and the URLs robots.txt kept it from.")
            .ProducesErrors<FirecrawlError>(400, 401, 404);

        var map = version == FirecrawlVersion.V1
            ? group.MapPost("/map", (HttpContext context, SiteMapper mapper, CancellationToken ct) => MapV1Async(context, mapper, ct))
                .WithSummary("Lists a site's URLs from its sitemaps and the links of its first pages: {success, links: [url]}.")
            : group.MapPost("/map", (HttpContext context, SiteMapper mapper, CancellationToken ct) => MapV2Async(context, mapper, ct))
                .WithSummary("Lists a site's URLs from its sitemaps and the links of its first pages: {success, links: [{url, title?, description?}]}.");
        map.WithName($"{tag}Map")
            .ProducesErrors<FirecrawlError>(400, 401, 403, 408, 429);
        return group;
    }

    private static async Task<Results<Ok<FirecrawlScrapeAnswer>, JsonHttpResult<FirecrawlError>>> ScrapeAsync(HttpContext context, Caller caller, JobSubmitter submitter, JobsDbContext db, JobQueue queue,
        PromptExtractorSettings llm, FirecrawlVersion version, CancellationToken cancellationToken)
    {
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return keyError.ToFirecrawl(version);
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToFirecrawl(version);
        var (request, error) = FirecrawlCrawlRequests.ReadScrape(body, version, llm.IsConfigured);
        if (error is not null) return error.ToFirecrawl(version);

        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, Dialect.Firecrawl, JobKind.Scrape, request!.ToJson()) { IdempotencyKey = key, Total = 1 },
            cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return JsonBody.IdempotencyConflict().ToFirecrawl(version);

        var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(request.TimeoutMs) + ScrapeQueueSlack;
        Job? job;
        while (true)
        {
            job = await JobLookup.FindAsync(db, submitted.JobId, cancellationToken);
            if (job is null || job.Status.IsFinished()) break;
            if (DateTime.UtcNow >= deadline)
            {
                await queue.CancelAsync(submitted.JobId, caller.Subject, caller.Organisation, CancellationToken.None);
                return new ApiError(408, "SCRAPE_TIMEOUT", "Scrape timed out: the page was not scraped within the timeout.").ToFirecrawl(version);
            }
            await Task.Delay(25, cancellationToken);
        }
        if (job is null) return ApiError.NotFound("Scrape job not found").ToFirecrawl(version);
        var (answer, failure) = await ScrapeAnswerAsync(db, job, version, PublicUrls.Base(context.Request), cancellationToken);
        return answer is not null ? TypedResults.Ok(answer) : failure!.ToFirecrawl(version);
    }

    private static async Task<Results<Ok<FirecrawlScrapeAnswer>, Ok<FirecrawlScrapePending>, JsonHttpResult<FirecrawlError>>> GetScrapeAsync(string id, Caller caller, HttpContext context, JobsDbContext db, CancellationToken cancellationToken)
    {
        const FirecrawlVersion version = FirecrawlVersion.V2;
        if (!Guid.TryParse(id, out var jobId)) return ApiError.BadRequest("Invalid scrape ID: it must be a UUID.").ToFirecrawl(version);
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job is not { Dialect: Dialect.Firecrawl, Kind: JobKind.Scrape }) return ApiError.NotFound("Scrape not found").ToFirecrawl(version);
        if (!job.Status.IsFinished()) return TypedResults.Ok(new FirecrawlScrapePending(true, "scraping"));
        var (answer, failure) = await ScrapeAnswerAsync(db, job, version, PublicUrls.Base(context.Request), cancellationToken);
        return answer is not null ? TypedResults.Ok(answer) : failure!.ToFirecrawl(version);
    }

    /// <summary>A finished scrape job: its document, or Firecrawl's error for a page that could not be had.</summary>
    private static async Task<(FirecrawlScrapeAnswer? Answer, ApiError? Failure)> ScrapeAnswerAsync(JobsDbContext db, Job job, FirecrawlVersion version, string linkBase, CancellationToken cancellationToken)
    {
        var page = await db.JobPages.Where(p => p.JobId == job.Id && p.Ordinal == 0).FirstOrDefaultAsync(cancellationToken);
        if (page is { Status: PageStatus.Succeeded })
        {
            var document = FirecrawlDocuments.Build(version, job.Id, 0, page.Markdown, page.Html, page.RawHtml, page.Links, page.Metadata, page.Extras, linkBase);
            return (new FirecrawlScrapeAnswer(true, document), null);
        }
        var problem = page?.Error ?? job.Error ?? (job.Status == JobStatus.Cancelled ? "The scrape was cancelled." : "The page could not be scraped.");
        return (null, ScrapeFailure(problem));
    }

    /// <summary>Why a page could not be had, as Firecrawl's status: a timeout 408, a refused address 403, anything else 422.</summary>
    public static ApiError ScrapeFailure(string problem) =>
        problem.StartsWith(PageFetcher.TimeoutMessagePrefix, StringComparison.Ordinal) ? new ApiError(408, "SCRAPE_TIMEOUT", $"Scrape timed out: {problem}")
        : problem.StartsWith(SsrfGuard.RefusalMessagePrefix, StringComparison.Ordinal) ? ApiError.Forbidden(problem)
        : new ApiError(422, "SCRAPE_FAILED", $"The page could not be scraped: {problem}");

    private static async Task<Results<Ok<FirecrawlCreated>, JsonHttpResult<FirecrawlError>>> CreateCrawlAsync(HttpContext context, Caller caller, JobSubmitter submitter, PromptExtractorSettings llm,
        FirecrawlVersion version, CancellationToken cancellationToken)
    {
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return keyError.ToFirecrawl(version);
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToFirecrawl(version);
        var (request, error) = FirecrawlCrawlRequests.ReadCrawl(body, version, llm.IsConfigured);
        if (error is not null) return error.ToFirecrawl(version);

        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, Dialect.Firecrawl, JobKind.Crawl, request!.ToJson()) { IdempotencyKey = key },
            cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return JsonBody.IdempotencyConflict().ToFirecrawl(version);
        var http = context.Request;
        var prefix = version == FirecrawlVersion.V1 ? "v1" : "v2";
        return TypedResults.Ok(new FirecrawlCreated(true, submitted.JobId.ToString("D"),
            $"{PublicUrls.Base(http)}/{prefix}/crawl/{submitted.JobId:D}", null));
    }

    private static async Task<Ok<FirecrawlActiveCrawls>> ActiveAsync(Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var running = await db.Jobs
            .Where(j => j.OwnerSubject == caller.Subject && j.OrganisationId == caller.Organisation && j.Dialect == Dialect.Firecrawl
                && j.Kind == JobKind.Crawl && (j.Status == JobStatus.Pending || j.Status == JobStatus.Processing) && !j.CancelRequested)
            .OrderBy(j => j.CreatedAt)
            .Select(j => new { j.Id, j.OrganisationId, j.Request })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new FirecrawlActiveCrawls(true, running.Select(j =>
        {
            var request = CrawlJobRequest.FromJson(j.Request);
            return new FirecrawlActiveCrawl(j.Id.ToString("D"), j.OrganisationId, request.Url, CrawlOptions(request));
        }).ToList()));
    }

    /// <summary>The crawl's options as Firecrawl lists them for an active crawl.</summary>
    private static Dictionary<string, object?> CrawlOptions(CrawlJobRequest request) => new()
    {
        ["limit"] = request.Limit,
        ["includePaths"] = request.Scope.IncludePaths,
        ["excludePaths"] = request.Scope.ExcludePaths,
        ["maxDiscoveryDepth"] = request.Scope.MaxDiscoveryDepth,
        ["crawlEntireDomain"] = request.Scope.CrawlEntireDomain,
        ["allowSubdomains"] = request.Scope.AllowSubdomains,
        ["allowExternalLinks"] = request.Scope.AllowExternalLinks,
        ["ignoreQueryParameters"] = request.IgnoreQueryParameters,
        ["deduplicateSimilarURLs"] = request.DeduplicateSimilarUrls,
        ["sitemap"] = request.Sitemap.ToString().ToLowerInvariant(),
        ["ignoreRobotsTxt"] = request.IgnoreRobotsTxt,
        ["regexOnFullURL"] = request.Scope.RegexOnFullUrl,
    };

    private static async Task<Results<Ok<FirecrawlMapV1>, JsonHttpResult<FirecrawlError>>> MapV1Async(HttpContext context, SiteMapper mapper, CancellationToken cancellationToken)
    {
        var (links, error) = await MapAsync(context, mapper, FirecrawlVersion.V1, cancellationToken);
        if (error is not null) return error.ToFirecrawl(FirecrawlVersion.V1);
        return TypedResults.Ok(new FirecrawlMapV1(true, links!.Select(l => l.Url).ToList()));
    }

    private static async Task<Results<Ok<FirecrawlMapV2>, JsonHttpResult<FirecrawlError>>> MapV2Async(HttpContext context, SiteMapper mapper, CancellationToken cancellationToken)
    {
        var (links, error) = await MapAsync(context, mapper, FirecrawlVersion.V2, cancellationToken);
        if (error is not null) return error.ToFirecrawl(FirecrawlVersion.V2);
        return TypedResults.Ok(new FirecrawlMapV2(true, links!.Select(l => new FirecrawlMapLink(l.Url, l.Title, l.Description)).ToList()));
    }

    /// <summary>Reads the map request of the version and maps the site within its timeout.</summary>
    private static async Task<(IReadOnlyList<MappedLink>? Links, ApiError? Error)> MapAsync(HttpContext context, SiteMapper mapper, FirecrawlVersion version,
        CancellationToken cancellationToken)
    {
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return (null, jsonError);
        var (request, timeout, error) = FirecrawlCrawlRequests.ReadMap(body, version);
        if (error is not null) return (null, error);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        IReadOnlyList<MappedLink> links;
        try
        {
            links = await mapper.MapAsync(request!, timeout, limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, new ApiError(408, "MAP_TIMEOUT", $"Map timed out after {timeout.TotalSeconds:0.#} s."));
        }
        catch (BlockedAddressException e)
        {
            return (null, ApiError.Forbidden(e.Message));
        }
        return (links, null);
    }
}
