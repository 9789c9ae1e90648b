using System.Globalization;
using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.JustCrawl;

/// <summary>JustCrawl extraction results: the landed row (200), or 202 with <c>Retry-After</c> until it lands.</summary>
public static class JustCrawlApi
{
    /// <summary>Every JustCrawl route: extraction results (here) and jobs, schemas and cancels.</summary>
    public static IEndpointRouteBuilder MapJustCrawl(this IEndpointRouteBuilder app)
    {
        app.MapJustCrawlJobs();
        var group = app.MapGroup("/api/v1/extraction").WithTags("JustCrawl").RequireAuthorization();

        group.MapGet("/results/{jobId}", GetResult)
            .WithName("JustCrawlExtractionResult")
            .WithSummary("The extraction result row once the bulk writer has landed it; 202 with Retry-After before that.")
            .ProducesErrors<JustCrawlError>(400, 401, 404, 409, 422);
        group.MapGet("/urls/{urlItemId}/extractions", GetUrlHistory)
            .WithName("JustCrawlUrlExtractions")
            .WithSummary("One URL item's extraction rows (the caller's), newest first: `page` (from 1), `pageSize` (1-100, default 25); `indexingPending` counts its jobs awaiting the bulk writer.")
            .ProducesErrors<JustCrawlError>(400, 401, 404);

        return app;
    }

    public const int DefaultHistoryPageSize = 25;
    public const int MaxHistoryPageSize = 100;

    private static async Task<Results<Ok<JustCrawlUrlHistory>, JsonHttpResult<JustCrawlError>>> GetUrlHistory(string urlItemId, string? page, string? pageSize, Caller caller, JobsDbContext db,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(urlItemId, out var itemId)) return ApiError.BadRequest("urlItemId must be a UUID.").ToJustCrawl();
        var pageNumber = 1;
        var size = DefaultHistoryPageSize;
        if (page is not null && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber is < 1 or > 1_000_000))
        {
            return ApiError.BadRequest("page must be an integer of at least 1.").ToJustCrawl();
        }
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxHistoryPageSize))
        {
            return ApiError.BadRequest($"pageSize must be an integer from 1 to {MaxHistoryPageSize}.").ToJustCrawl();
        }
        var item = await db.UrlItems.FirstOrDefaultAsync(i => i.Id == itemId && i.OrgId == caller.Organisation, cancellationToken);
        if (item is null) return ApiError.NotFound("URL item not found").ToJustCrawl();

        var marker = JsonSerializer.Serialize(new { urlItemId = itemId });
        var jobs = db.Jobs.Where(j => j.OwnerSubject == caller.Subject && j.OrganisationId == caller.Organisation && j.Dialect == Dialect.JustCrawl
            && EF.Functions.JsonContains(j.Request, marker));
        var rows = db.ExtractionResults.Where(r => jobs.Any(j => j.Id == r.JobId));
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Skip((pageNumber - 1) * size).Take(size)
            .ToListAsync(cancellationToken);
        var pending = await jobs.CountAsync(j => j.Status == JobStatus.ExtractionDone, cancellationToken);
        return TypedResults.Ok(new JustCrawlUrlHistory(items.Select(Render).ToList(), total, item.Url, item.Domain, pending));
    }

    public static JustCrawlResultRow Render(ExtractionResult row) =>
        new(row.Id, row.OrgId, row.JobId, row.Domain, row.SchemaId, row.DataType, JobJson.Parse(row.Normalized), row.RawBlobKey,
            row.QualityCompleteness, row.QualityValidation, row.QualityComposite, row.LatencyMs, row.DeliveredAt, row.CreatedAt);

    private static async Task<Results<JobAnswer<JustCrawlResultRow>, Accepted<JustCrawlPending>, JsonHttpResult<JustCrawlError>>> GetResult(string jobId, Caller caller, HttpContext context, JobsDbContext db,
        JobAnswerCache cache, IOptions<JustCrawlSettings> settings, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(jobId, out var id)) return ApiError.BadRequest("jobId must be a UUID.").ToJustCrawl();
        var key = JobAnswerCache.Key(context, id, caller);
        if (cache.TryServe<JustCrawlResultRow>(key) is { } cached) return cached;
        var response = context.Response;
        var job = await JobLookup.FindAsync(db, id, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job.Dialect != Dialect.JustCrawl)
        {
            return ApiError.NotFound("Job not found").ToJustCrawl();
        }

        var retryAfter = settings.Value.RetryAfterSeconds;
        switch (job.Status)
        {
            case JobStatus.Pending or JobStatus.Processing:
                response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Accepted((string?)null, new JustCrawlPending(false, job.Status.ToName(), retryAfter,
                    "Extraction is still running. Retry after retryAfterSeconds."));
            case JobStatus.ExtractionDone:
                response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Accepted((string?)null, new JustCrawlPending(true, "extraction_done", retryAfter,
                    "Extraction completed; awaiting bulk-writer flush. Retry after retryAfterSeconds."));
            case JobStatus.Failed:
                return new ApiError(422, "EXTRACTION_FAILED", $"Extraction failed: {job.Error ?? "unknown error"}").ToJustCrawl();
            case JobStatus.Cancelled:
                return ApiError.Conflict("The job was cancelled; it has no extraction result.").ToJustCrawl();
        }

        var row = await db.ExtractionResults.FirstOrDefaultAsync(r => r.JobId == job.Id, cancellationToken);
        if (row is null)
        {
            return ApiError.Conflict("Job is in completed state but no extraction_results row landed.").ToJustCrawl();
        }
        return cache.Respond(key, job, Render(row));
    }
}
