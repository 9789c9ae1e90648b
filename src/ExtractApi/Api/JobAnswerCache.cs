using ExtractApi.Auth;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ExtractApi.Api;

/// <summary>
/// Rendered poll answers kept in memory, each with an ETag (a client's <c>If-None-Match</c> gets 304).
/// <list type="bullet">
/// <item>A finished job never changes: its answer is served without reading the database.</item>
/// <item>A running job's answer is kept with the <em>row version</em> it was rendered from (the job row's
/// <c>xmin</c>, see <see cref="RowVersion"/>) and served only after the poll's own read of the job row finds that same
/// version; that read still checks the caller and the expiry, and a changed row means a full read.</item>
/// </list>
/// The key holds the caller's subject and organisation, so one tenant's entry can never answer another; entries live
/// no longer than the job (its <c>expiresAt</c>) nor than <see cref="MaxAge"/>, which keeps signed links inside answers
/// (Linkup's <c>resultUrl</c>) fresh.
/// </summary>
public sealed class JobAnswerCache(IMemoryCache cache, IOptions<JsonOptions> json)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A rendered answer, kept in pieces (<see cref="SegmentedBuffer"/>) so that an answer of tens of megabytes never
    /// needs one contiguous array; <see cref="Version"/> is null for a finished job's, else the row version it shows.
    /// </summary>
    public sealed class Answer(SegmentedBuffer body, string etag, int statusCode, uint? version, Type bodyType) : IResult
    {
        public uint? Version { get; } = version;

        /// <summary>What the body is (an endpoint answering in two shapes tells them apart by it).</summary>
        public Type BodyType { get; } = bodyType;

        public int StatusCode { get; } = statusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = "private, no-cache";
            var ifNoneMatch = httpContext.Request.Headers.IfNoneMatch.ToString();
            if (ifNoneMatch.Length > 0 && (ifNoneMatch == "*" || ifNoneMatch.Split(',').Any(tag => tag.Trim() == etag)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
            response.StatusCode = StatusCode;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = body.Length;
            return body.WriteToAsync(response.Body, httpContext.RequestAborted);
        }
    }

    /// <summary>Everything an answer depends on besides the job: the endpoint, the caller, and the URL its links are built from.</summary>
    public static string Key(HttpContext context, Guid jobId, Caller caller) =>
        $"{context.GetEndpoint()?.DisplayName}|{jobId:N}|{caller.Subject}|{caller.Organisation}|{PublicUrls.Base(context.Request)}|{context.Request.QueryString}";

    /// <summary>The answer kept under the key: a finished job's (serve it as it is) or a running job's (check its version first).</summary>
    public Answer? Find(string key) => cache.TryGetValue(key, out Answer? answer) ? answer : null;

    /// <summary>A finished job's cached answer with a <typeparamref name="T"/> body, or null when there is none.</summary>
    public JobAnswer<T>? TryServe<T>(string key) =>
        Find(key) is { Version: null } answer && answer.BodyType == typeof(T) ? Serve<T>(answer) : null;

    /// <summary>Serves an answer found with <see cref="Find"/> (after checking its version).</summary>
    public static JobAnswer<T> Serve<T>(Answer answer) => new(answer, answer.StatusCode, default);

    /// <summary>Answers with the body; remembers it when the job is finished.</summary>
    public JobAnswer<T> Respond<T>(string key, Job job, T body, int statusCode = StatusCodes.Status200OK) =>
        Respond(key, job.Status, job.ExpiresAt, body, statusCode);

    /// <summary>
    /// Answers with the body; remembers it when the job is finished, or when it is running and the body was rendered
    /// from the job row at <paramref name="version"/> (a <see cref="RowVersion"/>).
    /// </summary>
    public JobAnswer<T> Respond<T>(string key, JobStatus status, DateTime? expiresAt, T body, int statusCode = StatusCodes.Status200OK,
        uint? version = null)
    {
        var finished = status.IsFinished();
        if (!finished && !RowVersion.IsUsable(version))
        {
            return new JobAnswer<T>(TypedResults.Json(body, json.Value.SerializerOptions, statusCode: statusCode), statusCode, body);
        }
        var bytes = SegmentedBuffer.Json(body, json.Value.SerializerOptions);
        var answer = new Answer(bytes, $"\"{Convert.ToHexStringLower(bytes.Sha256()[..12])}\"", statusCode, finished ? null : version, typeof(T));
        var lifetime = expiresAt is { } expires ? expires - DateTime.UtcNow : MaxAge;
        if (lifetime > TimeSpan.Zero)
        {
            cache.Set(key, answer, new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = lifetime < MaxAge ? lifetime : MaxAge,
                Size = bytes.Length + key.Length,
            });
        }
        return new JobAnswer<T>(answer, statusCode, body);
    }
}
