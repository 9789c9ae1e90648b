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
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return (default, ApiError.BadRequest($"The request body is not valid JSON{where}.", [new FieldError("body", "must be valid JSON")]));
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
