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
