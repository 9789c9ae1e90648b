using System.Text.Json;

namespace ExtractApi.Dialects.JustCrawl;

/// <summary>JustCrawl's error body: <c>{error}</c>.</summary>
public sealed record JustCrawlError(string Error);

/// <summary>The landed <c>extraction_results</c> row.</summary>
public sealed record JustCrawlResultRow(
    Guid Id,
    string OrgId,
    Guid JobId,
    string Domain,
    string? SchemaId,
    string DataType,
    JsonElement Normalized,
    string? RawBlobKey,
    double QualityCompleteness,
    double QualityValidation,
    double QualityComposite,
    int? LatencyMs,
    DateTime? DeliveredAt,
    DateTime CreatedAt);

/// <summary>202 while the result is not landed yet; <c>Retry-After</c> carries the same delay.</summary>
public sealed record JustCrawlPending(bool IndexingPending, string Status, int RetryAfterSeconds, string Message);

public sealed record JustCrawlSchema(Guid Id, string OrgId, string Name, string DataType, JsonElement Schema, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record JustCrawlSchemaList(IReadOnlyList<JustCrawlSchema> Items, int Total);

/// <summary>The documented body of schema create and update.</summary>
public sealed record JustCrawlSchemaRequest(string Name, string? DataType, JsonElement Schema);

/// <summary>The documented body of <c>POST /api/v1/jobs</c> is <c>{url}</c>; a stored schema (<c>schemaId</c>) or an
/// inline <c>schema</c> (with <c>dataType</c>) are ExtractApi extensions.</summary>
public sealed record JustCrawlJobRequest(string Url, Guid? SchemaId, JsonElement? Schema, string? DataType);

/// <summary>A job with its execution trace (the steps it went through, in order).</summary>
public sealed record JustCrawlJob(Guid Id, string Status, string Url, Guid? UrlItemId, string? SchemaId, string? DataType, string? Error,
    DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<JustCrawlTraceStep>? Trace);

/// <summary>One step of a job: <c>fetch</c>, <c>convert</c>, <c>extract</c> (written by the worker as each ends) and
/// <c>index</c> (the bulk writer landing the result row; <c>pending</c> until it has).</summary>
public sealed record JustCrawlTraceStep(string Step, int Attempt, string Outcome, DateTime StartedAt, DateTime? FinishedAt, int? LatencyMs, string? Detail);

/// <summary><c>GET /api/v1/extraction/urls/{urlItemId}/extractions</c>: one URL's extraction rows, newest first.
/// <c>indexingPending</c> counts the URL's jobs waiting in <c>extraction_done</c> for the bulk writer.</summary>
public sealed record JustCrawlUrlHistory(IReadOnlyList<JustCrawlResultRow> Items, int Total, string? Url, string? Domain, int IndexingPending);
