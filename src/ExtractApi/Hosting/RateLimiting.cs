using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using ExtractApi.Api;
using ExtractApi.Dialects;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ExtractApi.Hosting;

public static class RateLimiting
{
    /// <summary>
    /// A token bucket per caller, from the framework's rate limiter: keyed by a hash of the bearer token (so a caller
    /// is limited before its token is even validated), else by client address. Refusals are 429 with
    /// <c>Retry-After</c>, in the dialect's error shape.
    /// </summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, rateLimits) =>
        {
            var settings = rateLimits.Value;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!settings.Enabled || context.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("none");
                return RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.OnRejected = (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(ApiError.TooManyRequests($"Rate limit exceeded: retry after {retryAfter} s.").WriteAsync(context.HttpContext));
            };
        });
        return services;
    }

    private static string CallerKey(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes(authorization), hash);
            return "t:" + Convert.ToHexString(hash[..12]);
        }
        return "a:" + context.Connection.RemoteIpAddress;
    }
}
