using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Dialects.Docmap;

/// <summary>Docmap extractions: a document filled against a template, answered as <c>{data:{...}}</c>.</summary>
public static class DocmapApi
{
    /// <summary>Every Docmap route: extraction records (here), templates and extraction runs.</summary>
    public static IEndpointRouteBuilder MapDocmap(this IEndpointRouteBuilder app)
    {
        app.MapDocmapTemplates();
        app.MapDocmapExtractions();
        var group = app.MapGroup("/v1/extractions").WithTags("Docmap").RequireAuthorization();

        group.MapGet("/{id}", GetExtraction)
            .WithName("DocmapGetExtraction")
            .WithSummary("One extraction record; poll until `status` is no longer `processing`.")
            .Produces<DocmapEnvelope<DocmapExtraction>>()
            .ProducesErrors<DocmapError>(401, 403, 404);

        return app;
    }

    private static async Task<IResult> GetExtraction(string id, Caller caller, HttpContext context, JobsDbContext db,
        JobAnswerCache cache, CancellationToken cancellationToken)
    {
        var parsed = Guid.TryParse(id, out var jobId);
        var key = JobAnswerCache.Key(context, jobId, caller);
        if (parsed && cache.TryServe(key) is { } cached) return cached;
        var job = parsed ? await JobLookup.FindAsync(db, jobId, cancellationToken) : null;
        if (job is not { Dialect: Dialect.Docmap, Kind: JobKind.DocumentExtract })
        {
            return ApiError.NotFound($"No extraction exists with ID '{id}'.").ToResult(Dialect.Docmap);
        }
        if (!job.IsOwnedBy(caller))
        {
            return ApiError.Forbidden("The extraction belongs to a different user.").ToResult(Dialect.Docmap);
        }
        return cache.Respond(key, job, new DocmapEnvelope<DocmapExtraction>(Render(job)));
    }

    public static DocmapExtraction Render(Job job)
    {
        var request = JobJson.Parse(job.Request);
        return new DocmapExtraction(
            Id: job.Id.ToString("D"),
            UserId: job.OwnerSubject,
            TemplateId: request.TextField("templateId"),
            TemplateName: request.TextField("templateName"),
            FileName: request.TextField("fileName"),
            Status: job.Status switch
            {
                JobStatus.Completed => "completed",
                JobStatus.Failed or JobStatus.Cancelled => "failed",
                _ => "processing",
            },
            ExtractedData: job.Status == JobStatus.Completed ? JobJson.Parse(job.Result).Field("data") ?? JobJson.Parse("{}") : null,
            Error: job.Status switch
            {
                JobStatus.Failed => job.Error ?? "Extraction failed.",
                JobStatus.Cancelled => job.Error ?? "Extraction was cancelled.",
                _ => null,
            },
            Variables: request.Field("variables") ?? JobJson.Parse("[]"),
            Source: request.TextField("source") ?? "api",
            RunId: request.TextField("runId"),
            ProcessingTimeMs: job.Status.IsFinished() && job.FinishedAt is { } finished ? (long)(finished - job.CreatedAt).TotalMilliseconds : null,
            CreatedAt: job.CreatedAt);
    }
}
