using System.Security.Cryptography;
using System.Text.Json;
using ExtractApi.Auth;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects;

/// <summary>
/// Finished jobs never change, so their rendered answers are kept in memory (and carry an ETag: a client's
/// <c>If-None-Match</c> gets 304). The key holds the caller's subject and organisation, so one tenant's entry can
/// never answer another; entries live no longer than the job (its <c>expiresAt</c>) nor than <see cref="MaxAge"/>,
/// which keeps signed links inside answers (Linkup's <c>resultUrl</c>) fresh.
/// </summary>
public sealed class FinishedJobCache(IMemoryCache cache, IOptions<JsonOptions> json)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private sealed record Entry(byte[] Body, string ETag, int StatusCode);

    public static string Key(HttpContext context, Guid jobId, Caller caller) =>
        $"{context.GetEndpoint()?.DisplayName}|{jobId:N}|{caller.Subject}|{caller.Organisation}|{context.Request.Host}|{context.Request.QueryString}";

    /// <summary>The cached answer, or null when there is none.</summary>
    public IResult? TryServe(string key) => cache.TryGetValue(key, out Entry? entry) ? new CachedJson(entry!) : null;

    /// <summary>Answers with the body; remembers it when the job is finished.</summary>
    public IResult Respond<T>(string key, Job job, T body, int statusCode = StatusCodes.Status200OK) =>
        Respond(key, job.Status, job.ExpiresAt, body, statusCode);

    public IResult Respond<T>(string key, JobStatus status, DateTime? expiresAt, T body, int statusCode = StatusCodes.Status200OK)
    {
        if (!status.IsFinished()) return TypedResults.Json(body, json.Value.SerializerOptions, statusCode: statusCode);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, json.Value.SerializerOptions);
        var entry = new Entry(bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes)[..12])}\"", statusCode);
        var lifetime = expiresAt is { } expires ? expires - DateTime.UtcNow : MaxAge;
        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(key, entry, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = lifetime < MaxAge ? lifetime : MaxAge,
                Size = bytes.Length + key.Length,
            });
        }
        return new CachedJson(entry);
    }

    private sealed class CachedJson(Entry entry) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.Headers.ETag = entry.ETag;
            response.Headers.CacheControl = "private, no-cache";
            var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
            if (ifNoneMatch.Length > 0 && (ifNoneMatch == "*" || ifNoneMatch.Split(',').Any(tag => tag.Trim() == entry.ETag)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
            response.StatusCode = entry.StatusCode;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = entry.Body.Length;
            return response.Body.WriteAsync(entry.Body, context.RequestAborted).AsTask();
        }
    }
}
