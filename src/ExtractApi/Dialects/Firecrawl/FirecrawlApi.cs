using System.Globalization;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Crawling;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Pages;
using ExtractApi.Extraction;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// Firecrawl v1 and v2: batch scrape, scrape, crawl and map (<see cref="FirecrawlCrawlApi"/>), extract status. Batch and
/// crawl jobs share one status shape and one status read; <c>/crawl/{id}</c> serves both kinds (the v1 SDK's blocking
/// batch call polls there), each route renders its own version's documents.
/// </summary>
public static class FirecrawlApi
{
    /// <summary>A status answer stops adding documents once their content passes this size; <c>next</c> continues.</summary>
    public const long ResponseBudgetBytes = 10L * 1024 * 1024;
    public const int MaxDocumentsPerResponse = 10_000;
    /// <summary>
    /// A running batch's answer is kept for its next poll up to this much page content: a large batch still growing
    /// would fill the cache with answers each replaced at its next page.
    /// </summary>
    public const long MaxKeptRunningAnswerBytes = 1024 * 1024;

    private static readonly JobKind[] BatchKinds = [JobKind.BatchScrape];
    private static readonly JobKind[] CrawlKinds = [JobKind.Crawl, JobKind.BatchScrape];

    public static IEndpointRouteBuilder MapFirecrawl(this IEndpointRouteBuilder app)
    {
        foreach (var version in new[] { FirecrawlVersion.V1, FirecrawlVersion.V2 })
        {
            var prefix = version == FirecrawlVersion.V1 ? "v1" : "v2";
            var tag = version == FirecrawlVersion.V1 ? "Firecrawl" : "FirecrawlV2";
            var group = app.MapGroup("/" + prefix).WithTags(version == FirecrawlVersion.V1 ? "Firecrawl v1" : "Firecrawl v2").RequireAuthorization();

            group.MapPost("/batch/scrape", (HttpContext context, Caller caller, JobSubmitter submitter, IOptions<PromptExtractorSettings> llm,
                    CancellationToken ct) => CreateBatch(context, caller, submitter, llm.Value, version, ct))
                .WithName($"{tag}BatchScrape")
                .WithSummary("Starts scraping a list of URLs; answers 200 with the job id at once. Honours `Idempotency-Key`.")
                .Accepts<FirecrawlBatchScrapeRequest>("application/json")
                .ProducesErrors<FirecrawlError>(400, 401, 413, 422, 429);

            group.MapDelete("/batch/scrape/{id}", (string id, Caller caller, JobsDbContext db, JobQueue queue, CancellationToken ct) =>
                    Cancel(id, caller, db, queue, BatchKinds, version, ct))
                .WithName($"{tag}CancelBatchScrape")
                .WithSummary("Cancels a batch scrape: a pending one at once, a running one at its next page. Finished → 409.")
                .ProducesErrors<FirecrawlError>(400, 401, 404, 409);

            group.MapDelete("/crawl/{id}", (string id, Caller caller, JobsDbContext db, JobQueue queue, CancellationToken ct) =>
                    Cancel(id, caller, db, queue, CrawlKinds, version, ct))
                .WithName($"{tag}CancelCrawl")
                .WithSummary("Cancels a crawl (or a batch scrape: the v1 SDK's cancelCrawl sends batches here). Finished → 409.")
                .ProducesErrors<FirecrawlError>(400, 401, 404, 409);

            group.MapGet("/batch/scrape/{id}", (string id, int? skip, int? limit, Caller caller, HttpContext context, JobsDbContext db, JobAnswerCache cache,
                    CancellationToken ct) => GetStatus(id, skip, limit, caller, context, db, cache, BatchKinds, version, ct))
                .WithName($"{tag}BatchScrapeStatus")
                .WithSummary("Status and documents of a batch scrape; pages of ~10 MB linked by `next`.")
                .ProducesErrors<FirecrawlError>(400, 401, 404);

            group.MapGet("/crawl/{id}", (string id, int? skip, int? limit, Caller caller, HttpContext context, JobsDbContext db, JobAnswerCache cache,
                    CancellationToken ct) => GetStatus(id, skip, limit, caller, context, db, cache, CrawlKinds, version, ct))
                .WithName($"{tag}CrawlStatus")
                .WithSummary("Status and documents of a crawl (or a batch scrape: the SDK's blocking batch call polls here); pages of ~10 MB linked by `next`.")
                .ProducesErrors<FirecrawlError>(400, 401, 404);

            group.MapGet("/batch/scrape/{id}/errors", (string id, Caller caller, HttpContext context, JobsDbContext db, JobAnswerCache cache,
                    CrawlFrontier frontier, CancellationToken ct) => GetErrorsAsync(id, caller, context, db, cache, frontier, BatchKinds, version, ct))
                .WithName($"{tag}BatchScrapeErrors")
                .WithSummary("Pages of a batch scrape that could not be fetched or converted.")
                .ProducesErrors<FirecrawlError>(400, 401, 404);

            group.MapScrapeCrawlMap(version);
            group.MapTeam(version);
            if (version == FirecrawlVersion.V2) group.MapExtractV2().MapParse();
        }
        return app;
    }

    private static async Task<Results<Ok<FirecrawlCreated>, JsonHttpResult<FirecrawlError>>> CreateBatch(HttpContext context, Caller caller, JobSubmitter submitter, PromptExtractorSettings llm,
        FirecrawlVersion version, CancellationToken cancellationToken)
    {
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return keyError.ToFirecrawl(version);
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToFirecrawl(version);
        var (request, invalidUrls, error) = FirecrawlRequests.ReadBatchScrape(body, version, llm.IsConfigured);
        if (error is not null) return error.ToFirecrawl(version);

        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, Dialect.Firecrawl, JobKind.BatchScrape, request!.ToJson())
            {
                IdempotencyKey = key,
                Total = request.Urls.Count,
            }, cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return JsonBody.IdempotencyConflict().ToFirecrawl(version);

        var http = context.Request;
        var ignoreInvalid = body.TryGetProperty("ignoreInvalidURLs", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
        var prefix = version == FirecrawlVersion.V1 ? "v1" : "v2";
        return TypedResults.Ok(new FirecrawlCreated(true, submitted.JobId.ToString("D"),
            $"{PublicUrls.Base(http)}/{prefix}/batch/scrape/{submitted.JobId:D}", ignoreInvalid ? invalidUrls : null));
    }

    private static async Task<Results<Ok<FirecrawlCancelled>, JsonHttpResult<FirecrawlError>>> Cancel(string id, Caller caller, JobsDbContext db, JobQueue queue, JobKind[] kinds, FirecrawlVersion version, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return InvalidId.ToFirecrawl(version);
        var job = await FindAsync(db, jobId, caller, kinds, cancellationToken);
        if (job is null) return JobNotFound.ToFirecrawl(version);
        var what = job.Kind == JobKind.Crawl ? "crawl" : "batch scrape";
        return await queue.CancelAsync(jobId, caller.Subject, caller.Organisation, cancellationToken) switch
        {
            CancelResult.Cancelled => TypedResults.Ok(new FirecrawlCancelled(true, "cancelled")),
            CancelResult.AlreadyFinished => ApiError.Conflict($"The {what} has already finished; it cannot be cancelled.").ToFirecrawl(version),
            _ => JobNotFound.ToFirecrawl(version),
        };
    }

    private static async Task<Results<JobAnswer<FirecrawlBatchStatus>, JsonHttpResult<FirecrawlError>>> GetStatus(string id, int? skip, int? limit, Caller caller, HttpContext context,
        JobsDbContext db, JobAnswerCache cache, JobKind[] kinds, FirecrawlVersion version, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return InvalidId.ToFirecrawl(version);
        var key = JobAnswerCache.Key(context, jobId, caller);
        var held = cache.Find(key);
        if (held is { Version: null }) return JobAnswerCache.Serve<FirecrawlBatchStatus>(held);
        if (skip is < 0) return ApiError.BadRequest("skip must be zero or more").ToFirecrawl(version);
        if (limit is < 1 or > MaxDocumentsPerResponse)
        {
            return ApiError.BadRequest($"limit must be between 1 and {MaxDocumentsPerResponse}").ToFirecrawl(version);
        }

        var from = skip ?? 0;
        var position = from;
        var linkBase = PublicUrls.Base(context.Request);
        var read = await BatchStatusQuery.RunAsync(db, jobId, caller.Subject, caller.Organisation, kinds, from, limit ?? MaxDocumentsPerResponse,
            ResponseBudgetBytes, held?.Version ?? 0,
            (markdown, html, rawHtml, links, metadata, extras) => FirecrawlDocuments.Build(version, jobId, position++, markdown, html, rawHtml, links, metadata, extras, linkBase),
            cancellationToken);
        if (read is null) return JobNotFound.ToFirecrawl(version);
        // The job row (and so its pages) has not changed since the held answer was rendered.
        if (read.Unchanged) return JobAnswerCache.Serve<FirecrawlBatchStatus>(held!);

        string? next = null;
        if (read.More)
        {
            var request = context.Request;
            next = $"{PublicUrls.Base(request)}{request.Path}?skip={(from + read.Documents.Count).ToString(CultureInfo.InvariantCulture)}"
                + (limit is { } l ? $"&limit={l.ToString(CultureInfo.InvariantCulture)}" : "");
        }
        // A cancel of a running job takes effect at its next page; the client is told at once.
        var shown = read.CancelRequested && !read.Status.IsFinished() ? "cancelled" : BatchStatusName(read.Status);
        return cache.Respond(key, read.Status, read.ExpiresAt, new FirecrawlBatchStatus(true, shown, read.Total, read.Completed, read.CreditsUsed,
            read.ExpiresAt, next, read.Documents), version: read.ContentBytes <= MaxKeptRunningAnswerBytes ? read.Version : null);
    }

    /// <summary>Pages that failed, and for a crawl the URLs robots.txt kept it from.</summary>
    internal static async Task<Results<JobAnswer<FirecrawlBatchErrors>, JsonHttpResult<FirecrawlError>>> GetErrorsAsync(string id, Caller caller, HttpContext context, JobsDbContext db,
        JobAnswerCache cache, CrawlFrontier frontier, JobKind[] kinds, FirecrawlVersion version, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return InvalidId.ToFirecrawl(version);
        var key = JobAnswerCache.Key(context, jobId, caller);
        if (cache.TryServe<FirecrawlBatchErrors>(key) is { } cached) return cached;
        var job = await FindAsync(db, jobId, caller, kinds, cancellationToken);
        if (job is null) return JobNotFound.ToFirecrawl(version);
        var failed = await db.JobPages.Where(p => p.JobId == job.Id && p.Status == PageStatus.Failed).OrderBy(p => p.Ordinal)
            .Select(p => new FirecrawlPageError(p.Id.ToString(CultureInfo.InvariantCulture), p.UpdatedAt, p.Url, p.Error ?? "Unknown error"))
            .ToListAsync(cancellationToken);
        var blocked = job.Kind == JobKind.Crawl ? await frontier.BlockedAsync(job.Id, cancellationToken) : [];
        return cache.Respond(key, job, new FirecrawlBatchErrors(failed, blocked));
    }

    private static readonly ApiError InvalidId = ApiError.BadRequest("Invalid job ID: it must be a UUID.");
    private static readonly ApiError JobNotFound = ApiError.NotFound("Job not found");

    private static async Task<Job?> FindAsync(JobsDbContext db, Guid jobId, Caller caller, JobKind[] kinds, CancellationToken cancellationToken)
    {
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        return job is not null && job.IsOwnedBy(caller) && job.Dialect == Dialect.Firecrawl && kinds.Contains(job.Kind) ? job : null;
    }
    public static string BatchStatusName(JobStatus status) => status switch
    {
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "cancelled",
        _ => "scraping",
    };

    public static FirecrawlExtractStatus RenderExtract(Job job)
    {
        // Only a completed job's answer shows its result (and its request's showSources): a running job's poll parses neither.
        var completed = job.Status == JobStatus.Completed;
        var result = completed ? JobJson.Parse(job.Result) : default;
        return new FirecrawlExtractStatus(
            Success: true,
            Status: job.Status switch
            {
                JobStatus.Completed => "completed",
                JobStatus.Failed => "failed",
                JobStatus.Cancelled => "cancelled",
                _ => "processing",
            },
            Data: completed ? result.Field("data") ?? JobJson.Parse("{}") : null,
            Error: job.Status switch
            {
                JobStatus.Failed => job.Error ?? "Extract job failed.",
                JobStatus.Cancelled => job.Error ?? "Extract job was cancelled.",
                _ => null,
            },
            ExpiresAt: job.ExpiresAt,
            Sources: completed && JobJson.Parse(job.Request).FlagField("showSources") ? result.Field("sources") : null);
    }
}
