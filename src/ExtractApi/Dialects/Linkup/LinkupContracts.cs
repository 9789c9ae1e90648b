using System.Text.Json;
using ExtractApi.Api;

namespace ExtractApi.Dialects.Linkup;

/// <summary>Linkup's error body: <c>{statusCode, error:{code, message, details}}</c>.</summary>
public sealed record LinkupError(int StatusCode, LinkupErrorBody Error);

public sealed record LinkupErrorBody(string Code, string Message, IReadOnlyList<FieldError> Details);

/// <summary>An extract task. <c>output</c> and <c>error</c> are always present, null until there is something to say.</summary>
public sealed record LinkupTask(
    string Id,
    string Type,
    string Status,
    LinkupInput Input,
    LinkupOutput? Output,
    string? Error,
    DateTime CreatedAt,
    DateTime UpdatedAt);

public sealed record LinkupInput(string? Q, string? Url, JsonElement? Schema, bool VerifyUrls);

public sealed record LinkupOutput(int CreditsUsed, string ResultUrl, int RowsReturned);

/// <summary>The documented body of <c>POST /v1/fetch</c>.</summary>
public sealed record LinkupFetchRequest(string Url, bool? RenderJs, bool? IncludeRawHtml, bool? ExtractImages);

/// <summary>The answer of <c>POST /v1/fetch</c>: <c>rawHtml</c> and <c>images</c> only when asked for.</summary>
public sealed record LinkupFetchResponse(
    string Markdown,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? RawHtml,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<LinkupImage>? Images);

public sealed record LinkupImage(string Alt, string Url);

/// <summary><c>GET /v1/extract</c>: one page of the caller's extract tasks, newest first.</summary>
public sealed record LinkupTaskList(LinkupListMetadata Metadata, IReadOnlyList<LinkupTask> Data);

public sealed record LinkupListMetadata(int Page, int PageSize, int Total, int TotalPages);
