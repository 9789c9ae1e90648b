using ExtractApi.Dialects.Docmap;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Dialects.JustCrawl;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ExtractApi.Api;

/// <summary>
/// An error in dialect-neutral terms. Handlers and middleware describe what went wrong once; each dialect renders it
/// in its vendor's own shape (<see cref="ToResult"/>).
/// </summary>
public sealed record ApiError(int Status, string Code, string Message, IReadOnlyList<FieldError>? Details = null)
{
    public static ApiError Unauthorized(string message = "Missing or invalid Authorization header") => new(401, "UNAUTHORIZED", message);
    public static ApiError Forbidden(string message) => new(403, "FORBIDDEN", message);
    public static ApiError NotFound(string message, string code = "NOT_FOUND") => new(404, code, message);
    public static ApiError BadRequest(string message, IReadOnlyList<FieldError>? details = null) => new(400, "VALIDATION_ERROR", message, details);
    public static ApiError Conflict(string message) => new(409, "CONFLICT", message);
    public static ApiError TooLarge(string message) => new(413, "PAYLOAD_TOO_LARGE", message);
    public static ApiError TooManyRequests(string message) => new(429, "TOO_MANY_REQUESTS", message);
    public static ApiError Internal() => new(500, "INTERNAL_ERROR", "The server failed to handle the request.");

    public IResult ToResult(Dialect dialect) => dialect switch
    {
        Dialect.Firecrawl => ToFirecrawl(),
        Dialect.Linkup => ToLinkup(),
        Dialect.Docmap => ToDocmap(),
        Dialect.JustCrawl => ToJustCrawl(),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, null),
    };

    // Typed renderings, for handlers that declare their results (Results<Ok<T>, JsonHttpResult<TError>>).
    /// <summary>Firecrawl's error: v1 <c>{success:false, error}</c>; v2 adds <c>code</c> and the offending fields as <c>details</c>.</summary>
    public JsonHttpResult<FirecrawlError> ToFirecrawl(FirecrawlVersion version = FirecrawlVersion.V1) => TypedResults.Json(
        version == FirecrawlVersion.V2 ? new FirecrawlError(false, Message, Code, Details is { Count: > 0 } ? Details : null) : new FirecrawlError(false, Message),
        statusCode: Status);
    public JsonHttpResult<LinkupError> ToLinkup() =>
        TypedResults.Json(new LinkupError(Status, new LinkupErrorBody(Code, Message, Details ?? [])), statusCode: Status);
    public JsonHttpResult<DocmapError> ToDocmap() => TypedResults.Json(new DocmapError(new DocmapErrorBody(Code, Message)), statusCode: Status);
    public JsonHttpResult<JustCrawlError> ToJustCrawl() => TypedResults.Json(new JustCrawlError(Message), statusCode: Status);

    /// <summary>Writes the error for a request that has no handler to do it (auth, rate limits, unknown routes).</summary>
    public Task WriteAsync(HttpContext context) => DialectRouting.For(context) switch
    {
        Dialect.Firecrawl when context.Request.Path.StartsWithSegments("/v2") => ToFirecrawl(FirecrawlVersion.V2).ExecuteAsync(context),
        var dialect => ToResult(dialect).ExecuteAsync(context),
    };
}
