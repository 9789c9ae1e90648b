using System.Text.Json;

namespace ExtractApi.Dialects.Docmap;

/// <summary>Docmap's error body: <c>{error:{code, message}}</c>.</summary>
public sealed record DocmapError(DocmapErrorBody Error);

public sealed record DocmapErrorBody(string Code, string Message);

/// <summary>Every Docmap answer is wrapped in <c>{data: ...}</c>.</summary>
public sealed record DocmapEnvelope<T>(T Data);

public sealed record DocmapExtraction(
    string Id,
    string UserId,
    string? TemplateId,
    string? TemplateName,
    string? FileName,
    string Status,
    JsonElement? ExtractedData,
    string? Error,
    JsonElement Variables,
    string Source,
    string? RunId,
    long? ProcessingTimeMs,
    DateTime CreatedAt);

public sealed record DocmapVariable(string Name, string Type, string? Description);

public sealed record DocmapTemplate(string Id, string UserId, string Name, string? Description, JsonElement Variables, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>The documented body of <c>POST /v1/templates</c>.</summary>
public sealed record DocmapTemplateRequest(string Name, string? Description, IReadOnlyList<DocmapVariable> Variables);

public sealed record DocmapDeleted(string Id, bool Deleted);
