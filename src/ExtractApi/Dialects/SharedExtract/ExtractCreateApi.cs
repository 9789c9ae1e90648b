using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Work;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExtractApi.Dialects.SharedExtract;

/// <summary>
/// <c>POST /v1/extract</c> is shared by Firecrawl (<c>urls</c>) and Linkup (<c>q</c> + <c>url</c>): the body says which.
/// </summary>
public static class ExtractCreateApi
{
    public const int MaxUrls = 50;

    internal static IEndpointRouteBuilder MapExtractCreate(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/extract", Create)
            .WithTags("Firecrawl v1", "Linkup")
            .WithName("ExtractCreate")
            .WithSummary("Starts an extract job: Firecrawl `{urls, schema?, prompt?, showSources?, scrapeOptions?}` → `{success, id}`; " +
                "Linkup `{q, url, schema?, verifyUrls?}` → the task. Honours `Idempotency-Key`.")
            .RequireAuthorization()
            .Accepts<FirecrawlExtractRequest>("application/json")
            .ProducesErrors<FirecrawlError>(400, 401, 413, 422, 429)
            .ProducesErrors<LinkupError>(400, 401, 422);
        return app;
    }

    private static async Task<Results<Ok<FirecrawlCreated>, Ok<LinkupTask>, JsonHttpResult<FirecrawlError>, JsonHttpResult<LinkupError>>> Create(HttpContext context, Caller caller, JobSubmitter submitter, LinkupResultLinks links,
        Jobs.Database.JobsDbContext db, CancellationToken cancellationToken)
    {
        var guess = DialectRouting.For(context);
        var (key, keyError) = JsonBody.IdempotencyKey(context.Request);
        if (keyError is not null) return Refuse(keyError, guess);
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return Refuse(jsonError, guess);

        var dialect = body.ValueKind == JsonValueKind.Object && !body.TryGetProperty("urls", out _)
            && (body.TryGetProperty("q", out _) || body.TryGetProperty("url", out _))
            ? Dialect.Linkup
            : body.ValueKind == JsonValueKind.Object && body.TryGetProperty("urls", out _) ? Dialect.Firecrawl : guess;
        var (request, error) = dialect == Dialect.Linkup ? ReadLinkup(body) : ReadFirecrawl(body, FirecrawlVersion.V1);
        if (error is not null) return Refuse(error, dialect);

        var submitted = await submitter.SubmitAsync(
            new JobSubmission(caller.Subject, caller.Organisation, dialect, JobKind.Extract, request!.ToJson())
            {
                IdempotencyKey = key,
                Total = request.Urls.Count,
            }, cancellationToken);
        if (submitted.Status == SubmitStatus.IdempotencyConflict) return Refuse(JsonBody.IdempotencyConflict(), dialect);

        if (dialect == Dialect.Firecrawl)
        {
            var http = context.Request;
            return TypedResults.Ok(new FirecrawlCreated(true, submitted.JobId.ToString("D"),
                $"{PublicUrls.Base(http)}/v1/extract/{submitted.JobId:D}", null));
        }
        // A job found by its key is shown only to whom a poll would show it.
        var job = await JobLookup.FindAsync(db, submitted.JobId, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller) || job.Dialect != Dialect.Linkup) return ApiError.NotFound("Task not found", "TASK_NOT_FOUND").ToLinkup();
        return TypedResults.Ok(LinkupApi.RenderTask(job, context.Request, links));
    }

    /// <summary>The error in the shape of the dialect the request speaks (this route serves only Firecrawl and Linkup).</summary>
    private static Results<Ok<FirecrawlCreated>, Ok<LinkupTask>, JsonHttpResult<FirecrawlError>, JsonHttpResult<LinkupError>> Refuse(ApiError error,
        Dialect dialect) => dialect == Dialect.Linkup ? error.ToLinkup() : error.ToFirecrawl();

    /// <summary>
    /// Keys of a v2 extract body (the SDK's <c>prepareExtractPayload</c>); any other key is refused, as Firecrawl's
    /// strict schema does. v1's shared route keeps accepting unknown keys (it also reads Linkup's bodies).
    /// </summary>
    private static readonly string[] ExtractKeysV2 =
    [
        "urls", "prompt", "schema", "systemPrompt", "allowExternalLinks", "enableWebSearch", "showSources", "scrapeOptions",
        "ignoreInvalidURLs", "integration", "origin", "agent", "webhook", "threatProtection", "zeroDataRetention",
    ];

    /// <summary>A Firecrawl extract body (<c>/v1/extract</c> or <c>/v2/extract</c>) into the worker's request.</summary>
    internal static (ExtractJobRequest? Request, ApiError? Error) ReadFirecrawl(JsonElement body, FirecrawlVersion version = FirecrawlVersion.V1)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, ApiError.BadRequest($"Bad Request: {notObject!.Field} {notObject.Message}", [notObject]));
        var v2 = version == FirecrawlVersion.V2;
        if (v2)
        {
            FirecrawlCrawlRequests.RejectUnknown(reader, "", ExtractKeysV2);
            if (reader.Flag("enableWebSearch", false)) reader.Fail("enableWebSearch", "web search is not available on this server: list the pages to extract from");
            if (reader.Has("agent")) reader.Fail("agent", "agent models need a hosted model; this server extracts with its own extractor");
            if (reader.Has("webhook")) reader.Fail("webhook", "extract jobs send no webhooks here: poll GET /v2/extract/{id}");
        }
        var ignoreInvalid = v2 && reader.Flag("ignoreInvalidURLs", false);
        var rawUrls = reader.TextList("urls", required: true, maxItems: MaxUrls, maxLength: 8192) ?? [];
        var urls = new List<string>();
        for (var i = 0; i < rawUrls.Count; i++)
        {
            if (rawUrls[i].Contains("/*", StringComparison.Ordinal)) reader.Fail($"urls[{i}]", "wildcard URLs need crawling, which this server does not do: list the pages");
            else if (RequestReader.HttpUrl(rawUrls[i], out var problem) is not null) urls.Add(rawUrls[i]);
            else if (!ignoreInvalid) reader.Fail($"urls[{i}]", problem!);
        }
        if (ignoreInvalid && rawUrls.Count > 0 && urls.Count == 0) reader.Fail("urls", "none of the URLs is a valid http or https URL");
        if (reader.Has("urls") && rawUrls.Count == 0) reader.Fail("urls", "must contain at least one URL");
        var prompt = reader.Text("prompt", maxLength: 10_000);
        var schema = ReadSchema(reader, "schema");
        if (prompt is null && schema is null && reader.IsValid) reader.Fail("schema", "a schema or a prompt is required");
        var showSources = reader.Flag("showSources", false);
        var (onlyMainContent, headers, timeout) = ReadScrapeOptions(reader);
        if (!reader.IsValid) return (null, ApiError.BadRequest($"Bad Request: {reader.Summary}", reader.Errors));
        return (new ExtractJobRequest(urls, schema, prompt, Rows: false, showSources, VerifyUrls: false, onlyMainContent, headers, timeout), null);
    }

    private static (ExtractJobRequest? Request, ApiError? Error) ReadLinkup(JsonElement body)
    {
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return (null, new ApiError(400, "VALIDATION_ERROR", $"Invalid request: {notObject!.Field} {notObject.Message}", [notObject]));
        var q = reader.Text("q", required: true, maxLength: 10_000);
        if (q is { Length: 0 }) reader.Fail("q", "must not be empty");
        var url = reader.Text("url", required: true, maxLength: 8192);
        if (url is not null && RequestReader.HttpUrl(url, out var problem) is null) reader.Fail("url", problem!);
        var schema = ReadSchema(reader, "schema");
        var verifyUrls = reader.Flag("verifyUrls", false);
        if (!reader.IsValid)
        {
            return (null, new ApiError(400, "VALIDATION_ERROR", $"Invalid request: {reader.Summary}", reader.Errors));
        }
        return (new ExtractJobRequest([url!], schema, q, Rows: true, ShowSources: false, verifyUrls, OnlyMainContent: true,
            new Dictionary<string, string>(), 30_000), null);
    }

    private static JsonElement? ReadSchema(RequestReader reader, string name)
    {
        switch (reader.Element(name))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Object } schema:
                foreach (var problem in SchemaProblems(schema, name)) reader.Fail(problem.Field, problem.Message);
                return schema.Clone();
            default:
                reader.Fail(name, "must be a JSON Schema object");
                return null;
        }
    }

    /// <summary>The checks a schema must pass before a job is made from it (the extractor's own), each naming its path.</summary>
    public static IEnumerable<FieldError> SchemaProblems(JsonElement schema, string path) =>
        Extraction.SchemaCheck.Validate(System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText()))
            .Select(e => new FieldError(e.Path.StartsWith("schema", StringComparison.Ordinal) ? path + e.Path["schema".Length..] : $"{path}.{e.Path}", e.Message));

    private static (bool OnlyMainContent, IReadOnlyDictionary<string, string> Headers, int TimeoutMs) ReadScrapeOptions(RequestReader reader)
    {
        switch (reader.Element("scrapeOptions"))
        {
            case null:
                return (true, new Dictionary<string, string>(), 30_000);
            case { ValueKind: JsonValueKind.Object } options:
                var inner = new RequestReader(options);
                var result = (inner.Flag("onlyMainContent", true), inner.TextMap("headers") ?? new Dictionary<string, string>(),
                    inner.WholeNumber("timeout", 30_000, 1_000, 300_000));
                foreach (var error in inner.Errors) reader.Fail($"scrapeOptions.{error.Field}", error.Message);
                return result;
            default:
                reader.Fail("scrapeOptions", "must be an object");
                return (true, new Dictionary<string, string>(), 30_000);
        }
    }
}
