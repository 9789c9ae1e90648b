using System.Globalization;
using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects.Linkup;

/// <summary>Linkup: the list of extract tasks, their rendering and the signed NDJSON download of their rows, and fetch.
/// (<c>POST /v1/extract</c> and <c>GET /v1/extract/{id}</c> are shared with Firecrawl: Dialects/SharedExtract.)</summary>
public static class LinkupApi
{
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapLinkup(this IEndpointRouteBuilder app)
    {
        app.MapLinkupFetch();
        app.MapGet("/v1/extract", ListTasks)
            .WithTags("Linkup")
            .WithName("LinkupListExtractTasks")
            .WithSummary("The caller's extract tasks, newest first: `page` (from 1), `pageSize` (1-100, default 10), `status` (pending, processing, completed, failed).")
            .RequireAuthorization()
            .ProducesErrors<LinkupError>(400, 401);
        app.MapGet(LinkupResultLinks.PathTemplate, DownloadRows)
            .WithTags("Linkup")
            .WithName("LinkupResultRows")
            .WithSummary("The rows of a completed extract task as NDJSON. The signed link from `output.resultUrl` is the credential.")
            .AllowAnonymous()
            .Produces(200, contentType: "application/x-ndjson")
            .ProducesErrors<LinkupError>(403, 404);
        return app;
    }

    private static async Task<Results<Ok<LinkupTaskList>, JsonHttpResult<LinkupError>>> ListTasks(string? page, string? pageSize, string? status, Caller caller, HttpContext context,
        JobsDbContext db, LinkupResultLinks links, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var pageNumber = WholeNumber(page, "page", 1, 1, 1_000_000, errors);
        var size = WholeNumber(pageSize, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);
        JobStatus[]? statuses = status switch
        {
            null => null,
            "pending" => [JobStatus.Pending],
            "processing" => [JobStatus.Processing, JobStatus.ExtractionDone],
            "completed" => [JobStatus.Completed],
            "failed" => [JobStatus.Failed, JobStatus.Cancelled],
            _ => [],
        };
        if (statuses is { Length: 0 }) errors.Add(new FieldError("status", "must be one of pending, processing, completed, failed"));
        if (errors.Count > 0)
        {
            return new ApiError(400, "VALIDATION_ERROR", $"Invalid request: {string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}"))}", errors)
                .ToLinkup();
        }

        var now = DateTime.UtcNow;
        var query = db.Jobs.Where(j => j.OwnerSubject == caller.Subject && j.OrganisationId == caller.Organisation
            && j.Dialect == Dialect.Linkup && j.Kind == JobKind.Extract && (j.ExpiresAt == null || j.ExpiresAt > now));
        if (statuses is not null) query = query.Where(j => statuses.Contains(j.Status));
        var total = await query.CountAsync(cancellationToken);
        var jobs = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip((pageNumber - 1) * size).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new LinkupTaskList(
            new LinkupListMetadata(pageNumber, size, total, (total + size - 1) / size),
            jobs.Select(j => RenderTask(j, context.Request, links)).ToList()));
    }

    private static int WholeNumber(string? text, string field, int fallback, int min, int max, List<FieldError> errors)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add(new FieldError(field, $"must be an integer from {min} to {max}"));
        return fallback;
    }

    private static async Task<Results<PushStreamHttpResult, JsonHttpResult<LinkupError>>> DownloadRows(string id, long? expires, string? signature, LinkupResultLinks links,
        JobsDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId) || expires is null || !links.IsValid(jobId, expires.Value, signature, DateTime.UtcNow))
        {
            return new ApiError(403, "FORBIDDEN", "This result link is invalid or has expired.").ToLinkup();
        }
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        if (job is not { Dialect: Dialect.Linkup, Status: JobStatus.Completed })
        {
            return ApiError.NotFound("Task not found", "TASK_NOT_FOUND").ToLinkup();
        }
        var rows = JobJson.Parse(job.Result).Field("rows");
        return TypedResults.Stream(async stream =>
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
