using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Dialects.Linkup;

/// <summary>Linkup extract tasks: rendering and the signed NDJSON download of their rows.</summary>
public static class LinkupApi
{
    public static IEndpointRouteBuilder MapLinkup(this IEndpointRouteBuilder app)
    {
        app.MapGet(LinkupResultLinks.PathTemplate, DownloadRows)
            .WithTags("Linkup")
            .WithName("LinkupResultRows")
            .WithSummary("The rows of a completed extract task as NDJSON. The signed link from `output.resultUrl` is the credential.")
            .AllowAnonymous()
            .Produces(200, contentType: "application/x-ndjson")
            .ProducesErrors<LinkupError>(403, 404);
        return app;
    }

    private static async Task<IResult> DownloadRows(string id, long? expires, string? signature, LinkupResultLinks links,
        JobsDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId) || expires is null || !links.IsValid(jobId, expires.Value, signature, DateTime.UtcNow))
        {
            return new ApiError(403, "FORBIDDEN", "This result link is invalid or has expired.").ToResult(Dialect.Linkup);
        }
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        if (job is not { Dialect: Dialect.Linkup, Status: JobStatus.Completed })
        {
            return ApiError.NotFound("Task not found", "TASK_NOT_FOUND").ToResult(Dialect.Linkup);
        }
        var rows = JobJson.Parse(job.Result).Field("rows");
        return Results.Stream(async stream =>
        {
            if (rows is not { ValueKind: JsonValueKind.Array } array) return;
            foreach (var row in array.EnumerateArray())
            {
                await stream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(row), cancellationToken);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
            }
        }, "application/x-ndjson");
    }

    public static LinkupTask RenderTask(Job job, HttpRequest request, LinkupResultLinks links)
    {
        var rows = JobJson.Parse(job.Result).Field("rows");
        var input = JobJson.Parse(job.Request);
        var output = job.Status == JobStatus.Completed
            ? new LinkupOutput(job.CreditsUsed, links.Create(request, job.Id, DateTime.UtcNow),
                rows is { ValueKind: JsonValueKind.Array } array ? array.GetArrayLength() : 0)
            : null;
        return new LinkupTask(
            Id: job.Id.ToString("D"),
            Type: "extract",
            Status: job.Status switch
            {
                JobStatus.Pending => "pending",
                JobStatus.Completed => "completed",
                JobStatus.Failed or JobStatus.Cancelled => "failed",
                _ => "processing",
            },
            Input: new LinkupInput(
                input.TextField("prompt"),
                input.FirstText("urls"),
                input.Field("schema") is { ValueKind: not JsonValueKind.Null } schema ? schema : null,
                input.FlagField("verifyUrls")),
            Output: output,
            Error: job.Status switch
            {
                JobStatus.Failed => job.Error ?? "The extract task failed.",
                JobStatus.Cancelled => job.Error ?? "The extract task was cancelled.",
                _ => null,
            },
            CreatedAt: job.CreatedAt,
            UpdatedAt: job.UpdatedAt);
    }
}
