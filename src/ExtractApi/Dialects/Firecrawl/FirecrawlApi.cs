using System.Globalization;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>Firecrawl v1: batch scrape status (also served as <c>/v1/crawl/{id}</c>, which the SDK polls) and errors.</summary>
public static class FirecrawlApi
{
    /// <summary>A status answer stops adding documents once their content passes this size; <c>next</c> continues.</summary>
    public const long ResponseBudgetBytes = 10L * 1024 * 1024;
    public const int MaxDocumentsPerResponse = 10_000;

    public static IEndpointRouteBuilder MapFirecrawl(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Firecrawl").RequireAuthorization();

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

    private static async Task<IResult> GetBatchStatus(string id, int? skip, int? limit, Caller caller, HttpRequest request,
        JobsDbContext db, CancellationToken cancellationToken)
    {
        var (job, error) = await FindBatchAsync(db, id, caller, cancellationToken);
        if (job is null) return error!.ToResult(Dialect.Firecrawl);
        if (skip is < 0) return ApiError.BadRequest("skip must be zero or more").ToResult(Dialect.Firecrawl);
        if (limit is < 1 or > MaxDocumentsPerResponse)
        {
            return ApiError.BadRequest($"limit must be between 1 and {MaxDocumentsPerResponse}").ToResult(Dialect.Firecrawl);
        }

        var from = skip ?? 0;
        var cap = limit ?? MaxDocumentsPerResponse;
        var pages = db.JobPages.Where(p => p.JobId == job.Id && p.Status == PageStatus.Succeeded).OrderBy(p => p.Ordinal);
        // Sizes first (cheap), so the documents query reads only what fits in the response budget.
        var sizes = await pages.Skip(from).Take(cap + 1).Select(p => p.ContentBytes).ToListAsync(cancellationToken);
        var take = 0;
        long used = 0;
        while (take < Math.Min(sizes.Count, cap) && (take == 0 || used + sizes[take] <= ResponseBudgetBytes))
        {
            used += sizes[take++];
        }
        var documents = take == 0 ? [] : await pages.Skip(from).Take(take)
            .Select(p => new { p.Markdown, p.Html, p.RawHtml, p.Links, p.Metadata })
            .ToListAsync(cancellationToken);

        string? next = null;
        if (sizes.Count > take)
        {
            next = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?skip={(from + take).ToString(CultureInfo.InvariantCulture)}"
                + (limit is { } l ? $"&limit={l.ToString(CultureInfo.InvariantCulture)}" : "");
        }

        return TypedResults.Ok(new FirecrawlBatchStatus(
            Success: true,
            // A cancelled running job stops at its next page, but the SDK expects "cancelled" right after DELETE; the
            // engine guarantees a job with cancel_requested ends cancelled.
            Status: job.CancelRequested ? "cancelled" : BatchStatusName(job.Status),
            Total: job.Total,
            Completed: job.Completed,
            CreditsUsed: job.CreditsUsed,
            ExpiresAt: job.ExpiresAt,
            Next: next,
            Data: documents.Select(d => new FirecrawlDocument(d.Markdown, d.Html, d.RawHtml, d.Links, JobJson.Parse(d.Metadata))).ToList()));
    }

    private static async Task<IResult> GetBatchErrors(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (job, error) = await FindBatchAsync(db, id, caller, cancellationToken);
        if (job is null) return error!.ToResult(Dialect.Firecrawl);
        var failed = await db.JobPages.Where(p => p.JobId == job.Id && p.Status == PageStatus.Failed).OrderBy(p => p.Ordinal)
            .Select(p => new FirecrawlPageError(p.Id.ToString(CultureInfo.InvariantCulture), p.UpdatedAt, p.Url, p.Error ?? "Unknown error"))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new FirecrawlBatchErrors(failed, []));
    }

    private static async Task<(Job? Job, ApiError? Error)> FindBatchAsync(JobsDbContext db, string id, Caller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return (null, ApiError.BadRequest("Invalid job ID: it must be a UUID."));
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        return job is not null && job.IsOwnedBy(caller) && job is { Dialect: Dialect.Firecrawl, Kind: JobKind.BatchScrape }
            ? (job, null)
            : (null, ApiError.NotFound("Job not found"));
    }

    public static string BatchStatusName(JobStatus status) => status switch
    {
        JobStatus.Completed => "completed",
        JobStatus.Failed => "failed",
        JobStatus.Cancelled => "cancelled",
        _ => "scraping",
    };

    public static IResult RenderExtract(Job job) => TypedResults.Ok(new FirecrawlExtractStatus(
        Success: true,
        Status: job.Status switch
        {
            JobStatus.Completed => "completed",
            JobStatus.Failed => "failed",
            JobStatus.Cancelled => "cancelled",
            _ => "processing",
        },
        Data: job.Status == JobStatus.Completed ? JobJson.Property(job.Result, "data") ?? JobJson.Parse("{}") : null,
        Error: job.Status switch
        {
            JobStatus.Failed => job.Error ?? "Extract job failed.",
            JobStatus.Cancelled => job.Error ?? "Extract job was cancelled.",
            _ => null,
        },
        ExpiresAt: job.ExpiresAt,
        Sources: job.Status == JobStatus.Completed && JobJson.Flag(job.Request, "showSources") ? JobJson.Property(job.Result, "sources") : null));
}
