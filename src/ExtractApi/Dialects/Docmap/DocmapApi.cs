using System.Globalization;
using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Docmap;

/// <summary>Docmap extractions: a document filled against a template, answered as <c>{data:{...}}</c>.</summary>
public static class DocmapApi
{
    /// <summary>Every Docmap route: extraction records (here), templates and extraction runs.</summary>
    public static IEndpointRouteBuilder MapDocmap(this IEndpointRouteBuilder app)
    {
        app.MapDocmapTemplates();
        app.MapDocmapExtractions();
        app.MapDocmapRun();
        var group = app.MapGroup("/v1/extractions").WithTags("Docmap").RequireAuthorization();

        group.MapGet("/", ListExtractions)
            .WithName("DocmapListExtractions")
            .WithSummary("The caller's extractions, newest first: `templateId`, `runId`, `limit` (1-100, default 20), `cursor` (the last record's `createdAt`), `dateFrom`, `dateTo`.")
            .ProducesErrors<DocmapError>(400, 401);
        group.MapGet("/{id}", GetExtraction)
            .WithName("DocmapGetExtraction")
            .WithSummary("One extraction record; poll until `status` is no longer `processing`.")
            .ProducesErrors<DocmapError>(401, 403, 404);
        group.MapDelete("/{id}", DeleteExtraction)
            .WithName("DocmapDeleteExtraction")
            .WithSummary("Deletes an extraction record with its document and result.")
            .ProducesErrors<DocmapError>(401, 403, 404);
        app.MapGet("/v1/usage", GetUsage)
            .WithTags("Docmap")
            .WithName("DocmapUsage")
            .WithSummary("Extractions started this month (UTC) against `Docmap:MonthlyExtractionLimit` (null: no limit).")
            .RequireAuthorization()
            .ProducesErrors<DocmapError>(401);

        return app;
    }

    public const int DefaultListLimit = 20;
    public const int MaxListLimit = 100;

    private static async Task<Results<JobAnswer<DocmapEnvelope<DocmapExtraction>>, JsonHttpResult<DocmapError>>> GetExtraction(string id, Caller caller, HttpContext context, JobsDbContext db,
        JobAnswerCache cache, CancellationToken cancellationToken)
    {
        // The row is read on every poll (no cached answer is served unread): a deleted record answers 404 at once, on
        // every replica. The cache still gives finished records their ETag.
        var (job, error) = await FindOwnAsync(db, id, caller, cancellationToken);
        if (job is null) return error!.ToDocmap();
        return cache.Respond(JobAnswerCache.Key(context, job.Id, caller), job, new DocmapEnvelope<DocmapExtraction>(Render(job)));
    }

    private static async Task<Results<Ok<DocmapEnvelope<DocmapDeleted>>, JsonHttpResult<DocmapError>>> DeleteExtraction(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (job, error) = await FindOwnAsync(db, id, caller, cancellationToken);
        if (job is null) return error!.ToDocmap();
        // The document, the result row and any page go with the job (foreign keys cascade). A worker still running it
        // loses its lease fence and writes nothing.
        var deleted = await db.Jobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return ApiError.NotFound($"No extraction exists with ID '{id}'.").ToDocmap();
        return TypedResults.Ok(new DocmapEnvelope<DocmapDeleted>(new DocmapDeleted(job.Id.ToString("D"), true)));
    }

    private static async Task<(Job? Job, ApiError? Error)> FindOwnAsync(JobsDbContext db, string id, Caller caller, CancellationToken cancellationToken)
    {
        var job = Guid.TryParse(id, out var jobId) ? await JobLookup.FindAsync(db, jobId, cancellationToken) : null;
        if (job is not { Dialect: Dialect.Docmap, Kind: JobKind.DocumentExtract }) return (null, ApiError.NotFound($"No extraction exists with ID '{id}'."));
        return job.IsOwnedBy(caller) ? (job, null) : (null, ApiError.Forbidden("The extraction belongs to a different user."));
    }

    private static async Task<Results<Ok<DocmapExtractionList>, JsonHttpResult<DocmapError>>> ListExtractions(string? templateId, string? runId, string? limit, string? cursor, string? dateFrom, string? dateTo,
        Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var pageSize = DefaultListLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxListLimit))
        {
            errors.Add(new FieldError("limit", $"must be an integer from 1 to {MaxListLimit}"));
        }
        var before = Instant(cursor, "cursor", errors);
        var from = Instant(dateFrom, "dateFrom", errors);
        var to = Instant(dateTo, "dateTo", errors);
        // A date without a time (2024-11-30) as dateTo includes that whole day.
        if (to is { } end && dateTo!.Length == 10) to = end.AddDays(1).AddTicks(-1);
        if (templateId is { Length: > 200 }) errors.Add(new FieldError("templateId", "must be at most 200 characters"));
        if (runId is { Length: > 200 }) errors.Add(new FieldError("runId", "must be at most 200 characters"));
        if (errors.Count > 0) return ApiError.BadRequest(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), errors).ToDocmap();

        var now = DateTime.UtcNow;
        var query = db.Jobs.Where(j => j.OwnerSubject == caller.Subject && j.OrganisationId == caller.Organisation
            && j.Dialect == Dialect.Docmap && j.Kind == JobKind.DocumentExtract && (j.ExpiresAt == null || j.ExpiresAt > now));
        if (templateId is not null) query = query.Where(j => EF.Functions.JsonContains(j.Request, RequestField("templateId", templateId)));
        if (runId is not null) query = query.Where(j => EF.Functions.JsonContains(j.Request, RequestField("runId", runId)));
        if (from is { } lower) query = query.Where(j => j.CreatedAt >= lower);
        if (to is { } upper) query = query.Where(j => j.CreatedAt <= upper);
        // Records are shown with millisecond createdAt, so the cursor is a millisecond: "before the cursor" is before
        // its start, and a page never ends inside a millisecond that the next page would have to repeat or skip.
        if (before is { } cut) query = query.Where(j => j.CreatedAt < cut);
        var ordered = query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id);

        var rows = await ordered.Take(pageSize + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > pageSize;
        if (hasMore)
        {
            var boundary = Millisecond(rows[pageSize - 1].CreatedAt);
            var page = rows.Take(pageSize).ToList();
            if (Millisecond(rows[pageSize].CreatedAt) == boundary)
            {
                page = page.Where(j => Millisecond(j.CreatedAt) != boundary).ToList();
                if (page.Count == 0)
                {
                    // The whole page shares one millisecond: serve all of it, so the cursor moves past it.
                    var next = boundary.AddMilliseconds(1);
                    page = await ordered.Where(j => j.CreatedAt >= boundary && j.CreatedAt < next).ToListAsync(cancellationToken);
                    hasMore = await query.AnyAsync(j => j.CreatedAt < boundary, cancellationToken);
                }
            }
            rows = page;
        }
        return TypedResults.Ok(new DocmapExtractionList(rows.Select(Render).ToList(), hasMore));
    }

    private static string RequestField(string name, string value) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { [name] = value });

    private static DateTime Millisecond(DateTime instant) =>
        new(instant.Ticks - (instant.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static DateTime? Instant(string? text, string field, List<FieldError> errors)
    {
        if (text is null) return null;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant))
        {
            return DateTime.SpecifyKind(instant, DateTimeKind.Utc);
        }
        errors.Add(new FieldError(field, "must be an ISO 8601 date or date-time"));
        return null;
    }

    private static async Task<Ok<DocmapEnvelope<DocmapUsage>>> GetUsage(Caller caller, JobsDbContext db, IOptions<DocmapSettings> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var period = UsageCounters.PeriodKey(DateTime.UtcNow);
        var used = await UsageCounters.UsedAsync(db, caller.Subject, period, cancellationToken);
        return TypedResults.Ok(new DocmapEnvelope<DocmapUsage>(new DocmapUsage(settings.Plan, used,
            settings.MonthlyExtractionLimit > 0 ? settings.MonthlyExtractionLimit : null, period)));
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
