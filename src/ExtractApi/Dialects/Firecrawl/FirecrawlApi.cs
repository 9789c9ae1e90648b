using System.Globalization;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Pages;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>Firecrawl v1: batch scrape status (also served as <c>/v1/crawl/{id}</c>, which the SDK polls) and errors.</summary>
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

    public static IEndpointRouteBuilder MapFirecrawl(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Firecrawl").RequireAuthorization();

        group.MapPost("/batch/scrape", CreateBatch)
            .WithName("FirecrawlBatchScrape")
            .WithSummary("Starts scraping a list of URLs; answers 200 with the job id at once. Honours `Idempotency-Key`.")
            .Accepts<FirecrawlBatchScrapeRequest>("application/json")
            .Produces<FirecrawlCreated>()
            .ProducesErrors<FirecrawlError>(400, 401, 413, 422, 429);

        group.MapDelete("/batch/scrape/{id}", CancelBatch)
            .WithName("FirecrawlCancelBatchScrape")
            .WithSummary("Cancels a batch scrape: a pending one at once, a running one at its next page. Finished → 409.")
            .Produces<FirecrawlCancelled>()
            .ProducesErrors<FirecrawlError>(400, 401, 404, 409);

        group.MapDelete("/crawl/{id}", CancelBatch)
            .WithName("FirecrawlCancelCrawl")
            .WithSummary("Alias of the batch scrape cancel: the v1 SDK's cancelCrawl sends it here.")
            .Produces<FirecrawlCancelled>()
            .ProducesErrors<FirecrawlError>(400, 401, 404, 409);

        group.MapGet("/batch/scrape/{id}", GetBatchStatus)
            .WithName("FirecrawlBatchScrapeStatus")
            .WithSummary("Status and documents of a batch scrape; pages of ~10 MB linked by `next`.")
            .Produces<FirecrawlBatchStatus>()
            .ProducesErrors<FirecrawlError>(400, 401, 404);

        group.MapGet("/crawl/{id}", GetBatchStatus)
            .WithName("FirecrawlCrawlStatus")
            .WithSummary("Alias of the batch scrape status: the Firecrawl SDK's blocking batch call polls here.")
            .Produces<FirecrawlBatchStatus>()
            .ProducesErrors<FirecrawlError>(400, 401, 404);

        group.MapGet("/batch/scrape/{id}/errors", GetBatchErrors)
            .WithName("FirecrawlBatchScrapeErrors")
            .WithSummary("Pages of a batch scrape that could not be fetched or converted.")
            .Produces<FirecrawlBatchErrors>()
            .ProducesErrors<FirecrawlError>(400, 401, 404);

        return app;
    }

    private static async Task<IResult> CreateBatch(HttpContext context, Caller caller, JobSubmitter submitter, CancellationToken cancellationToken)
    {
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return keyError.ToResult(Dialect.Firecrawl);
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToResult(Dialect.Firecrawl);
        var (request, invalidUrls, error) = FirecrawlRequests.ReadBatchScrape(body);
        if (error is not null) return error.ToResult(Dialect.Firecrawl);

        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, Dialect.Firecrawl, JobKind.BatchScrape, request!.ToJson())
            {
                IdempotencyKey = key,
                Total = request.Urls.Count,
            }, cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return JsonBody.IdempotencyConflict().ToResult(Dialect.Firecrawl);

        var http = context.Request;
        var ignoreInvalid = body.TryGetProperty("ignoreInvalidURLs", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
        return TypedResults.Ok(new FirecrawlCreated(true, submitted.JobId.ToString("D"),
            $"{PublicUrls.Base(http)}/v1/batch/scrape/{submitted.JobId:D}", ignoreInvalid ? invalidUrls : null));
    }

    private static async Task<IResult> CancelBatch(string id, Caller caller, JobsDbContext db, JobQueue queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return InvalidId.ToResult(Dialect.Firecrawl);
        if (await FindBatchAsync(db, jobId, caller, cancellationToken) is null) return JobNotFound.ToResult(Dialect.Firecrawl);
        return await queue.CancelAsync(jobId, caller.Subject, caller.Organisation, cancellationToken) switch
        {
            CancelResult.Cancelled => TypedResults.Ok(new FirecrawlCancelled(true, "cancelled")),
            CancelResult.AlreadyFinished => ApiError.Conflict("The batch scrape has already finished; it cannot be cancelled.").ToResult(Dialect.Firecrawl),
            _ => JobNotFound.ToResult(Dialect.Firecrawl),
        };
    }

    private static async Task<IResult> GetBatchStatus(string id, int? skip, int? limit, Caller caller, HttpContext context,
        JobsDbContext db, JobAnswerCache cache, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return InvalidId.ToResult(Dialect.Firecrawl);
        var key = JobAnswerCache.Key(context, jobId, caller);
        var held = cache.Find(key);
        if (held is { Version: null }) return held;
        if (skip is < 0) return ApiError.BadRequest("skip must be zero or more").ToResult(Dialect.Firecrawl);
        if (limit is < 1 or > MaxDocumentsPerResponse)
        {
            return ApiError.BadRequest($"limit must be between 1 and {MaxDocumentsPerResponse}").ToResult(Dialect.Firecrawl);
        }

        var from = skip ?? 0;
        var read = await BatchStatusQuery.RunAsync(db, jobId, caller.Subject, caller.Organisation, from, limit ?? MaxDocumentsPerResponse,
            ResponseBudgetBytes, held?.Version ?? 0, Document, cancellationToken);
        if (read is null) return JobNotFound.ToResult(Dialect.Firecrawl);
        // The job row (and so its pages) has not changed since the held answer was rendered.
        if (read.Unchanged) return held!;

        string? next = null;
        if (read.More)
        {
            var request = context.Request;
            next = $"{PublicUrls.Base(request)}{request.Path}?skip={(from + read.Documents.Count).ToString(CultureInfo.InvariantCulture)}"
                + (limit is { } l ? $"&limit={l.ToString(CultureInfo.InvariantCulture)}" : "");
        }
        // A cancel of a running batch takes effect at its next page; the client is told at once.
        var shown = read.CancelRequested && !read.Status.IsFinished() ? "cancelled" : BatchStatusName(read.Status);
        return cache.Respond(key, read.Status, read.ExpiresAt, new FirecrawlBatchStatus(true, shown, read.Total, read.Completed, read.CreditsUsed,
            read.ExpiresAt, next, read.Documents), version: read.ContentBytes <= MaxKeptRunningAnswerBytes ? read.Version : null);
    }

    private static FirecrawlDocument Document(string? markdown, string? html, string? rawHtml, string[]? links, string? metadataJson) =>
        new(markdown, html, rawHtml, links, new RawJson(metadataJson ?? "{}"));

    private static async Task<IResult> GetBatchErrors(string id, Caller caller, HttpContext context, JobsDbContext db,
        JobAnswerCache cache, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return InvalidId.ToResult(Dialect.Firecrawl);
        var key = JobAnswerCache.Key(context, jobId, caller);
        if (cache.TryServe(key) is { } cached) return cached;
        var job = await FindBatchAsync(db, jobId, caller, cancellationToken);
        if (job is null) return JobNotFound.ToResult(Dialect.Firecrawl);
        var failed = await db.JobPages.Where(p => p.JobId == job.Id && p.Status == PageStatus.Failed).OrderBy(p => p.Ordinal)
            .Select(p => new FirecrawlPageError(p.Id.ToString(CultureInfo.InvariantCulture), p.UpdatedAt, p.Url, p.Error ?? "Unknown error"))
            .ToListAsync(cancellationToken);
        return cache.Respond(key, job, new FirecrawlBatchErrors(failed, []));
    }

    private static readonly ApiError InvalidId = ApiError.BadRequest("Invalid job ID: it must be a UUID.");
    private static readonly ApiError JobNotFound = ApiError.NotFound("Job not found");

    private static async Task<Job?> FindBatchAsync(JobsDbContext db, Guid jobId, Caller caller, CancellationToken cancellationToken)
    {
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        return job is not null && job.IsOwnedBy(caller) && job is { Dialect: Dialect.Firecrawl, Kind: JobKind.BatchScrape } ? job : null;
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
        var result = JobJson.Parse(job.Result);
        return new FirecrawlExtractStatus(
            Success: true,
            Status: job.Status switch
            {
                JobStatus.Completed => "completed",
                JobStatus.Failed => "failed",
                JobStatus.Cancelled => "cancelled",
                _ => "processing",
            },
            Data: job.Status == JobStatus.Completed ? result.Field("data") ?? JobJson.Parse("{}") : null,
            Error: job.Status switch
            {
                JobStatus.Failed => job.Error ?? "Extract job failed.",
                JobStatus.Cancelled => job.Error ?? "Extract job was cancelled.",
                _ => null,
            },
            ExpiresAt: job.ExpiresAt,
            Sources: job.Status == JobStatus.Completed && JobJson.Parse(job.Request).FlagField("showSources") ? result.Field("sources") : null);
    }
}
