using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects.SharedExtract;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Urls;
using ExtractApi.Work;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects.JustCrawl;

/// <summary>JustCrawl extraction jobs and the stored schemas they use (shared within an organisation).</summary>
public static class JustCrawlJobsApi
{
    internal static IEndpointRouteBuilder MapJustCrawlJobs(this IEndpointRouteBuilder app)
    {
        var schemas = app.MapGroup("/api/v1/schemas").WithTags("JustCrawl").RequireAuthorization();
        schemas.MapPost("/", CreateSchema).WithName("JustCrawlCreateSchema").Accepts<JustCrawlSchemaRequest>("application/json")
            .ProducesErrors<JustCrawlError>(400, 401, 409);
        schemas.MapGet("/", ListSchemas).WithName("JustCrawlListSchemas").ProducesErrors<JustCrawlError>(401);
        schemas.MapGet("/{id}", GetSchema).WithName("JustCrawlGetSchema").ProducesErrors<JustCrawlError>(400, 401, 404);
        schemas.MapPut("/{id}", UpdateSchema).WithName("JustCrawlUpdateSchema").Accepts<JustCrawlSchemaRequest>("application/json")
            .ProducesErrors<JustCrawlError>(400, 401, 404, 409);
        schemas.MapDelete("/{id}", DeleteSchema).WithName("JustCrawlDeleteSchema").ProducesErrors<JustCrawlError>(400, 401, 404);

        var jobs = app.MapGroup("/api/v1/jobs").WithTags("JustCrawl").RequireAuthorization();
        jobs.MapPost("/", CreateJob).WithName("JustCrawlCreateJob")
            .WithSummary("Starts a job for one URL: `{url}` (the page's declared data: metadata, headings, JSON-LD); extension: a stored schema (`schemaId`) or an inline `schema`. Poll `/api/v1/jobs/{id}` or `/api/v1/extraction/results/{jobId}`.")
            .Accepts<JustCrawlJobRequest>("application/json").ProducesErrors<JustCrawlError>(400, 401, 404, 413, 422, 429);
        jobs.MapGet("/{id}", GetJob).WithName("JustCrawlGetJob")
            .WithSummary("The job with its execution trace: fetch, convert, extract (per attempt) and index, each with times and outcome.")
            .ProducesErrors<JustCrawlError>(400, 401, 404);
        jobs.MapGet("/{id}/result", GetJobHtml).WithName("JustCrawlGetJobHtml")
            .WithSummary("The scraped page as fetched (text/html), once the job is completed.")
            .Produces(200, contentType: "text/html").ProducesErrors<JustCrawlError>(400, 401, 404, 409);
        return app;
    }

    private static async Task<Results<Created<JustCrawlSchema>, JsonHttpResult<JustCrawlError>>> CreateSchema(HttpContext context, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (fields, error) = await ReadSchemaBodyAsync(context, cancellationToken);
        if (error is not null) return error.ToJustCrawl();
        var now = DateTime.UtcNow;
        var schema = new StoredSchema
        {
            Id = Guid.CreateVersion7(), OrgId = caller.Organisation, Name = fields!.Value.Name!, DataType = fields.Value.DataType ?? "record",
            Schema = fields.Value.Schema!.Value.GetRawText(), CreatedBy = caller.Subject, CreatedAt = now, UpdatedAt = now,
        };
        if (await db.StoredSchemas.AnyAsync(s => s.OrgId == caller.Organisation && s.Name == schema.Name, cancellationToken))
        {
            return ApiError.Conflict($"A schema named '{schema.Name}' already exists.").ToJustCrawl();
        }
        db.StoredSchemas.Add(schema);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created((string?)null, Render(schema));
    }

    private static async Task<Ok<JustCrawlSchemaList>> ListSchemas(Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var items = await db.StoredSchemas.Where(s => s.OrgId == caller.Organisation).OrderBy(s => s.Name).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(new JustCrawlSchemaList(items.Select(Render).ToList(), items.Count));
    }

    private static async Task<Results<Ok<JustCrawlSchema>, JsonHttpResult<JustCrawlError>>> GetSchema(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (schema, error) = await FindSchemaAsync(db, id, caller, cancellationToken);
        return schema is null ? error!.ToJustCrawl() : TypedResults.Ok(Render(schema));
    }

    private static async Task<Results<Ok<JustCrawlSchema>, JsonHttpResult<JustCrawlError>>> UpdateSchema(string id, HttpContext context, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (schema, findError) = await FindSchemaAsync(db, id, caller, cancellationToken);
        if (schema is null) return findError!.ToJustCrawl();
        var (fields, error) = await ReadSchemaBodyAsync(context, cancellationToken);
        if (error is not null) return error.ToJustCrawl();
        if (fields!.Value.Name != schema.Name
            && await db.StoredSchemas.AnyAsync(s => s.OrgId == caller.Organisation && s.Name == fields.Value.Name, cancellationToken))
        {
            return ApiError.Conflict($"A schema named '{fields.Value.Name}' already exists.").ToJustCrawl();
        }
        var now = DateTime.UtcNow;
        await db.StoredSchemas.Where(s => s.Id == schema.Id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Name, fields.Value.Name!)
            .SetProperty(s => s.DataType, fields.Value.DataType ?? schema.DataType)
            .SetProperty(s => s.Schema, fields.Value.Schema!.Value.GetRawText())
            .SetProperty(s => s.UpdatedAt, now), cancellationToken);
        return TypedResults.Ok(Render(await db.StoredSchemas.SingleAsync(s => s.Id == schema.Id, cancellationToken)));
    }

    private static async Task<Results<NoContent, JsonHttpResult<JustCrawlError>>> DeleteSchema(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (schema, error) = await FindSchemaAsync(db, id, caller, cancellationToken);
        if (schema is null) return error!.ToJustCrawl();
        await db.StoredSchemas.Where(s => s.Id == schema.Id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<JustCrawlJob>, Ok<JustCrawlJob>, JsonHttpResult<JustCrawlError>>> CreateJob(HttpContext context, Caller caller, JobsDbContext db, JobSubmitter submitter, CancellationToken cancellationToken)
    {
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return keyError.ToJustCrawl();
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToJustCrawl();
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return ApiError.BadRequest($"{notObject!.Field} {notObject.Message}").ToJustCrawl();

        var url = reader.Text("url", required: true, maxLength: 8192);
        if (url is not null && RequestReader.HttpUrl(url, out var problem) is null) reader.Fail("url", problem!);
        var schemaIdText = reader.Text("schemaId", maxLength: 64);
        Guid? schemaId = null;
        if (schemaIdText is not null)
        {
            if (Guid.TryParse(schemaIdText, out var parsed)) schemaId = parsed;
            else reader.Fail("schemaId", "must be a UUID");
        }
        var inline = reader.Element("schema");
        if (inline is { ValueKind: not JsonValueKind.Object }) reader.Fail("schema", "must be a JSON Schema object");
        else if (inline is { } inlineSchema) foreach (var p in ExtractCreateApi.SchemaProblems(inlineSchema, "schema")) reader.Fail(p.Field, p.Message);
        var dataType = reader.Text("dataType", maxLength: 100);
        if (!reader.IsValid) return ApiError.BadRequest(reader.Summary, reader.Errors).ToJustCrawl();

        // Without a schema (the documented {url}) the job extracts the page's declared data (PageData).
        JsonElement? schemaJson = null;
        if (schemaId is { } sid)
        {
            var stored = await db.StoredSchemas.FirstOrDefaultAsync(s => s.Id == sid && s.OrgId == caller.Organisation, cancellationToken);
            if (stored is null) return ApiError.NotFound($"Schema {sid} not found").ToJustCrawl();
            schemaJson = JobJson.Parse(stored.Schema);
            dataType ??= stored.DataType;
        }
        else if (inline is { } given)
        {
            schemaJson = given.Clone();
        }

        var urlItemId = await UrlItems.EnsureAsync(db, caller.Organisation, new Uri(url!.Trim()), cancellationToken);
        // The schema is copied into the job: editing the stored schema later does not change a job already made.
        var request = new ExtractJobRequest([url!], schemaJson, null, Rows: false, ShowSources: false, VerifyUrls: false,
            OnlyMainContent: true, new Dictionary<string, string>(), 30_000, schemaId?.ToString(), dataType ?? (schemaJson is null ? "page" : "record"), urlItemId);
        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, Dialect.JustCrawl, JobKind.Extract, request.ToJson())
            {
                IdempotencyKey = key,
                Total = 1,
            }, cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return JsonBody.IdempotencyConflict().ToJustCrawl();
        // A job found by its key is shown only to whom a poll would show it.
        var job = await JobLookup.FindAsync(db, submitted.JobId, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job.Dialect != Dialect.JustCrawl) return ApiError.NotFound("Job not found").ToJustCrawl();
        var rendered = RenderJob(job, await TraceAsync(db, job, cancellationToken));
        return submitted.Status == SubmitStatus.Created ? TypedResults.Created((string?)null, rendered) : TypedResults.Ok(rendered);
    }

    private static async Task<Results<Ok<JustCrawlJob>, JsonHttpResult<JustCrawlError>>> GetJob(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (job, error) = await FindJobAsync(db, id, caller, cancellationToken);
        if (job is null) return error!.ToJustCrawl();
        return TypedResults.Ok(RenderJob(job, await TraceAsync(db, job, cancellationToken)));
    }

    private static async Task<Results<ContentHttpResult, FileContentHttpResult, JsonHttpResult<JustCrawlError>>> GetJobHtml(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (job, error) = await FindJobAsync(db, id, caller, cancellationToken);
        if (job is null) return error!.ToJustCrawl();
        if (job.Status != JobStatus.Completed)
        {
            return ApiError.Conflict($"The job is {RenderJob(job, null).Status}: its HTML is available once it is completed.").ToJustCrawl();
        }
        var blobKey = await db.ExtractionResults.Where(r => r.JobId == job.Id).Select(r => r.RawBlobKey).FirstOrDefaultAsync(cancellationToken);
        var blob = blobKey is null ? null : await db.Blobs.FirstOrDefaultAsync(b => b.Key == blobKey, cancellationToken);
        if (blob is null) return ApiError.NotFound("No scraped page is kept for this job.").ToJustCrawl();
        if (blob.ContentType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Text(PageDocuments.Decode(blob.Content, blob.ContentType), "text/html; charset=utf-8");
        }
        return TypedResults.File(blob.Content, blob.ContentType);
    }

    private static async Task<(Job? Job, ApiError? Error)> FindJobAsync(JobsDbContext db, string id, Caller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return (null, ApiError.BadRequest("id must be a UUID."));
        var job = await JobLookup.FindAsync(db, jobId, cancellationToken);
        return job is null || !job.IsOwnedBy(caller) || job.Dialect != Dialect.JustCrawl ? (null, ApiError.NotFound("Job not found")) : (job, null);
    }

    /// <summary>The steps the worker wrote, then the index step: the bulk writer landing the row (pending while the
    /// job waits in extraction_done).</summary>
    private static async Task<IReadOnlyList<JustCrawlTraceStep>> TraceAsync(JobsDbContext db, Job job, CancellationToken cancellationToken)
    {
        var steps = await db.JobSteps.Where(s => s.JobId == job.Id).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var trace = steps.Select(s => new JustCrawlTraceStep(s.Name, s.Attempt, s.Outcome, s.StartedAt, s.FinishedAt,
            (int)(s.FinishedAt - s.StartedAt).TotalMilliseconds, s.Detail)).ToList();
        if (job.Status is not (JobStatus.ExtractionDone or JobStatus.Completed)) return trace;
        var extracted = steps.LastOrDefault(s => s.Name == "extract")?.FinishedAt ?? job.UpdatedAt;
        var landed = job.Status == JobStatus.Completed
            ? await db.ExtractionResults.Where(r => r.JobId == job.Id).Select(r => (DateTime?)r.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            : null;
        trace.Add(new JustCrawlTraceStep("index", job.Attempts, landed is null ? "pending" : "succeeded", extracted, landed,
            landed is { } at ? Math.Max(0, (int)(at - extracted).TotalMilliseconds) : null, landed is null ? "awaiting the bulk writer" : "result row landed"));
        return trace;
    }

    public static JustCrawlJob RenderJob(Job job, IReadOnlyList<JustCrawlTraceStep>? trace)
    {
        var request = JobJson.Parse(job.Request);
        return new JustCrawlJob(
            job.Id,
            job.Status switch
            {
                JobStatus.Pending => "queued",
                JobStatus.Processing or JobStatus.ExtractionDone => "running",
                _ => job.Status.ToName(),
            },
            request.FirstText("urls") ?? "",
            Guid.TryParse(request.TextField("urlItemId"), out var urlItemId) ? urlItemId : null,
            request.TextField("schemaId"),
            request.TextField("dataType"),
            job.Error,
            job.CreatedAt,
            job.UpdatedAt,
            trace);
    }

    private static JustCrawlSchema Render(StoredSchema schema) =>
        new(schema.Id, schema.OrgId, schema.Name, schema.DataType, JobJson.Parse(schema.Schema), schema.CreatedAt, schema.UpdatedAt);

    private static async Task<(StoredSchema? Schema, ApiError? Error)> FindSchemaAsync(JobsDbContext db, string id, Caller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var schemaId)) return (null, ApiError.BadRequest("id must be a UUID."));
        var schema = await db.StoredSchemas.FirstOrDefaultAsync(s => s.Id == schemaId && s.OrgId == caller.Organisation, cancellationToken);
        return schema is null ? (null, ApiError.NotFound("Schema not found")) : (schema, null);
    }

    private static async Task<((string? Name, string? DataType, JsonElement? Schema)? Fields, ApiError? Error)> ReadSchemaBodyAsync(
        HttpContext context, CancellationToken cancellationToken)
    {
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return (null, jsonError);
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, ApiError.BadRequest($"{notObject!.Field} {notObject.Message}"));
        var name = reader.Text("name", required: true, maxLength: 200);
        if (name is { Length: 0 }) reader.Fail("name", "must not be empty");
        var dataType = reader.Text("dataType", maxLength: 100);
        var schema = reader.Element("schema");
        if (schema is null) reader.Fail("schema", "is required");
        else if (schema.Value.ValueKind != JsonValueKind.Object) reader.Fail("schema", "must be a JSON Schema object");
        else foreach (var problem in ExtractCreateApi.SchemaProblems(schema.Value, "schema")) reader.Fail(problem.Field, problem.Message);
        return reader.IsValid ? ((name, dataType, schema!.Value.Clone()), null) : (null, ApiError.BadRequest(reader.Summary, reader.Errors));
    }
}
