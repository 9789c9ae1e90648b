using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary><c>DELETE /v1/batch/scrape/{id}</c>: <c>{success:true, status:"cancelled"}</c>.</summary>
public sealed record FirecrawlCancelled(bool Success, string Status);

/// <summary>Firecrawl v1 batch scrape cancellation, through the engine's <see cref="JobQueue.CancelAsync"/>.</summary>
public static class FirecrawlCancelApi
{
    public static IEndpointRouteBuilder MapFirecrawlCancel(this IEndpointRouteBuilder app)
    {
        app.MapDelete("/v1/batch/scrape/{id}", Cancel)
            .WithTags("Firecrawl")
            .WithName("FirecrawlBatchScrapeCancel")
            .WithSummary("Cancels a batch scrape: a pending one at once, a running one at its next page; 409 once it has finished.")
            .RequireAuthorization()
            .Produces<FirecrawlCancelled>()
            .ProducesErrors<FirecrawlError>(400, 401, 404, 409);
        return app;
    }

    private static async Task<IResult> Cancel(string id, Caller caller, JobsDbContext db, JobQueue queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return ApiError.BadRequest("Invalid job ID: it must be a UUID.").ToResult(Dialect.Firecrawl);
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        if (job is not { Dialect: Dialect.Firecrawl, Kind: JobKind.BatchScrape } || !job.IsOwnedBy(caller))
        {
            return ApiError.NotFound("Job not found").ToResult(Dialect.Firecrawl);
        }
        return await queue.CancelAsync(jobId, caller.Subject, caller.Organisation, cancellationToken) switch
        {
            CancelResult.Cancelled => TypedResults.Ok(new FirecrawlCancelled(true, "cancelled")),
            CancelResult.AlreadyFinished => ApiError.Conflict("The job has already finished; it cannot be cancelled.").ToResult(Dialect.Firecrawl),
            _ => ApiError.NotFound("Job not found").ToResult(Dialect.Firecrawl),
        };
    }
}
