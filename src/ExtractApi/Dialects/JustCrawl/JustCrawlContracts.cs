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
