using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExtractApi.Dialects.SharedExtract;

/// <summary><c>GET /v1/extract/{id}</c> is shared by Firecrawl and Linkup: the stored job says which shape to answer in.</summary>
public static class ExtractStatusApi
{
    internal static IEndpointRouteBuilder MapExtractStatus(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/extract/{id}", GetExtract)
            .WithTags("Firecrawl v1", "Linkup")
            .WithName("ExtractStatus")
            .WithSummary("An extract job, in the shape of the API it was created through (Firecrawl extract status or Linkup task).")
            .RequireAuthorization()
            .ProducesErrors<FirecrawlError>(400, 401, 404)
            .ProducesErrors<LinkupError>(404);
        return app;
    }

    private static async Task<Results<JobAnswer<FirecrawlExtractStatus>, JobAnswer<LinkupTask>, JsonHttpResult<FirecrawlError>, JsonHttpResult<LinkupError>>> GetExtract(string id, Caller caller, HttpContext context, JobsDbContext db,
        LinkupResultLinks links, JobAnswerCache cache, CancellationToken cancellationToken)
    {
        // Before a job is found, the caller's client is the best guess of the dialect to answer in.
        var guess = DialectRouting.For(context);
        if (!Guid.TryParse(id, out var jobId))
        {
            return guess == Dialect.Linkup
                ? ApiError.NotFound("Task not found", "TASK_NOT_FOUND").ToLinkup()
                : ApiError.BadRequest("Invalid job ID: it must be a UUID.").ToFirecrawl();
        }
        var key = JobAnswerCache.Key(context, jobId, caller);
        // One cache lookup: the held answer's body type says which vendor's shape it is.
        if (cache.Find(key) is { Version: null } held)
        {
            if (held.BodyType == typeof(FirecrawlExtractStatus)) return JobAnswerCache.Serve<FirecrawlExtractStatus>(held);
            if (held.BodyType == typeof(LinkupTask)) return JobAnswerCache.Serve<LinkupTask>(held);
        }
        var job = await JobLookup.FindForAnswerAsync(db, jobId, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job.Kind != JobKind.Extract)
        {
            return guess == Dialect.Linkup
                ? ApiError.NotFound("Task not found", "TASK_NOT_FOUND").ToLinkup()
                : ApiError.NotFound("Extract job not found").ToFirecrawl();
        }
        return job.Dialect switch
        {
            Dialect.Linkup => cache.Respond(key, job, LinkupApi.RenderTask(job, context.Request, links)),
            Dialect.Firecrawl => cache.Respond(key, job, FirecrawlApi.RenderExtract(job)),
            _ when guess == Dialect.Linkup => ApiError.NotFound("Task not found", "TASK_NOT_FOUND").ToLinkup(),
            _ => ApiError.NotFound("Extract job not found").ToFirecrawl(),
        };
    }
}
