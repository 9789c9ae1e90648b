using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects.SharedExtract;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// <c>POST /v2/extract</c> and <c>GET /v2/extract/{id}</c>: Firecrawl's extract on v2 (v1's route is shared with Linkup,
/// see <c>SharedExtract</c>). The body is read by the same reader as v1's, strictly (unknown keys refused), and the job
/// is the same extract job, rendered by <see cref="FirecrawlApi.RenderExtract"/>.
/// </summary>
internal static class FirecrawlExtractApi
{
    public static RouteGroupBuilder MapExtractV2(this RouteGroupBuilder group)
    {
        group.MapPost("/extract", CreateAsync)
            .WithName("FirecrawlV2Extract")
            .WithSummary("Starts an extract job `{urls, schema?, prompt?, showSources?, scrapeOptions?, ignoreInvalidURLs?}`; answers 200 with its id. Honours `Idempotency-Key`.")
            .Accepts<FirecrawlExtractRequest>("application/json")
            .ProducesErrors<FirecrawlError>(400, 401, 413, 422, 429);

        group.MapGet("/extract/{id}", GetAsync)
            .WithName("FirecrawlV2ExtractStatus")
            .WithSummary("Status and data of an extract job.")
            .ProducesErrors<FirecrawlError>(400, 401, 404);
        return group;
    }

    private static async Task<Results<Ok<FirecrawlCreated>, JsonHttpResult<FirecrawlError>>> CreateAsync(HttpContext context, Caller caller,
        JobSubmitter submitter, CancellationToken cancellationToken)
    {
        const FirecrawlVersion version = FirecrawlVersion.V2;
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return keyError.ToFirecrawl(version);
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToFirecrawl(version);
        var (request, error) = ExtractCreateApi.ReadFirecrawl(body, version);
        if (error is not null) return error.ToFirecrawl(version);

        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, Dialect.Firecrawl, JobKind.Extract, request!.ToJson())
            {
                IdempotencyKey = key,
                Total = request.Urls.Count,
            }, cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return JsonBody.IdempotencyConflict().ToFirecrawl(version);
        return TypedResults.Ok(new FirecrawlCreated(true, submitted.JobId.ToString("D"),
            $"{PublicUrls.Base(context.Request)}/v2/extract/{submitted.JobId:D}", null));
    }

    private static async Task<Results<JobAnswer<FirecrawlExtractStatus>, JsonHttpResult<FirecrawlError>>> GetAsync(string id, Caller caller, HttpContext context, JobsDbContext db, JobAnswerCache cache,
        CancellationToken cancellationToken)
    {
        const FirecrawlVersion version = FirecrawlVersion.V2;
        if (!Guid.TryParse(id, out var jobId)) return ApiError.BadRequest("Invalid job ID: it must be a UUID.").ToFirecrawl(version);
        var key = JobAnswerCache.Key(context, jobId, caller);
        if (cache.TryServe<FirecrawlExtractStatus>(key) is { } cached) return cached;
        var job = await JobLookup.FindForAnswerAsync(db, jobId, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job is not { Kind: JobKind.Extract, Dialect: Dialect.Firecrawl })
        {
            return ApiError.NotFound("Extract job not found").ToFirecrawl(version);
        }
        return cache.Respond(key, job, FirecrawlApi.RenderExtract(job));
    }
}
