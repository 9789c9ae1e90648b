using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
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
            .Produces<JustCrawlResultRow>(200)
            .Produces<JustCrawlPending>(202)
            .ProducesErrors<JustCrawlError>(400, 401, 404, 409, 422);

        return app;
    }

    private static async Task<IResult> GetResult(string jobId, Caller caller, HttpContext context, JobsDbContext db,
        JobAnswerCache cache, IOptions<JustCrawlSettings> settings, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(jobId, out var id)) return ApiError.BadRequest("jobId must be a UUID.").ToResult(Dialect.JustCrawl);
        var key = JobAnswerCache.Key(context, id, caller);
        if (cache.TryServe(key) is { } cached) return cached;
        var response = context.Response;
        var job = await JobLookup.FindAsync(db, id, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job.Dialect != Dialect.JustCrawl)
        {
            return ApiError.NotFound("Job not found").ToResult(Dialect.JustCrawl);
        }

        var retryAfter = settings.Value.RetryAfterSeconds;
        switch (job.Status)
        {
            case JobStatus.Pending or JobStatus.Processing:
                response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Json(new JustCrawlPending(false, job.Status.ToName(), retryAfter,
                    "Extraction is still running. Retry after retryAfterSeconds."), statusCode: 202);
            case JobStatus.ExtractionDone:
                response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Json(new JustCrawlPending(true, "extraction_done", retryAfter,
                    "Extraction completed; awaiting bulk-writer flush. Retry after retryAfterSeconds."), statusCode: 202);
            case JobStatus.Failed:
                return new ApiError(422, "EXTRACTION_FAILED", $"Extraction failed: {job.Error ?? "unknown error"}").ToResult(Dialect.JustCrawl);
            case JobStatus.Cancelled:
                return ApiError.Conflict("The job was cancelled; it has no extraction result.").ToResult(Dialect.JustCrawl);
        }

        var row = await db.ExtractionResults.FirstOrDefaultAsync(r => r.JobId == job.Id, cancellationToken);
        if (row is null)
        {
            return ApiError.Conflict("Job is in completed state but no extraction_results row landed.").ToResult(Dialect.JustCrawl);
        }
        return cache.Respond(key, job, new JustCrawlResultRow(row.Id, row.OrgId, row.JobId, row.Domain, row.SchemaId, row.DataType,
            JobJson.Parse(row.Normalized), row.RawBlobKey, row.QualityCompleteness, row.QualityValidation, row.QualityComposite,
            row.LatencyMs, row.DeliveredAt, row.CreatedAt));
    }
}
