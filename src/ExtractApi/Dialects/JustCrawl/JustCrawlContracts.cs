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

/// <summary>The documented body of <c>POST /api/v1/jobs</c>: one URL, and a stored schema or an inline one.</summary>
public sealed record JustCrawlJobRequest(string Url, Guid? SchemaId, JsonElement? Schema, string? DataType);

public sealed record JustCrawlJob(Guid Id, string Status, string Url, string? SchemaId, string? DataType, string? Error, DateTime CreatedAt, DateTime UpdatedAt);
