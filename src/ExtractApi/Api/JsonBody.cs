using System.Text.Json;

namespace ExtractApi.Api;

/// <summary>Reads a request body as JSON: malformed JSON is a 400 naming where it broke; an oversized body is a 413.</summary>
public static class JsonBody
{
    public const string IdempotencyHeader = "Idempotency-Key";
    /// <summary>The Firecrawl SDK's spelling.</summary>
    public const string FirecrawlIdempotencyHeader = "x-idempotency-key";

    public static async Task<(JsonElement Body, ApiError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken);
            return NulPath(document.RootElement, "body") is { } path
                ? (default, NulCharacter(path))
                : (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return (default, ApiError.BadRequest($"The request body is not valid JSON{where}.", [new FieldError("body", "must be valid JSON")]));
        }
    }

    /// <summary>
    /// A NUL character (U+0000) cannot be stored in PostgreSQL text or jsonb, nor does any real field need one: it is a
    /// 400 naming the field, before anything is stored.
    /// </summary>
    public static ApiError NulCharacter(string field) =>
        ApiError.BadRequest($"{field} contains a NUL character (U+0000), which is not allowed.", [new FieldError(field, "must not contain NUL (U+0000)")]);

    /// <summary>The path of the first property name or string holding U+0000, or null when there is none.</summary>
    private static string? NulPath(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString()!.Contains('\0', StringComparison.Ordinal) ? path : null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name.Contains('\0', StringComparison.Ordinal)) return path;
                    if (NulPath(property.Value, path == "body" ? property.Name : $"{path}.{property.Name}") is { } found) return found;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (NulPath(item, $"{path}[{index++}]") is { } found) return found;
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The client's idempotency key, or an error when it is unusable.</summary>
    public static (string? Key, ApiError? Error) IdempotencyKey(HttpRequest request)
    {
        var key = request.Headers[IdempotencyHeader].ToString();
        if (key.Length == 0) key = request.Headers[FirecrawlIdempotencyHeader].ToString();
        if (key.Length == 0) return (null, null);
        return key.Length <= 255 && key.All(c => c >= 0x21 && c <= 0x7e)
            ? (key, null)
            : (null, ApiError.BadRequest($"{IdempotencyHeader} must be 1 to 255 visible ASCII characters.", [new FieldError(IdempotencyHeader, "invalid")]));
    }

    public static ApiError IdempotencyConflict() =>
        new(422, "IDEMPOTENCY_KEY_REUSED", $"This {IdempotencyHeader} was already used with a different request body.");
}
