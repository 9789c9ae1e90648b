using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ExtractApi.Hosting;

public static class RateLimiting
{
    /// <summary>
    /// A token bucket per caller, from the framework's rate limiter, which runs after authentication: keyed by the
    /// validated token's organisation and subject (however the header is spelled, and whichever of the caller's tokens
    /// it is), else (no token, or one that failed validation) by client address. Refusals are 429 with
    /// <c>Retry-After</c>, in the dialect's error shape.
    /// </summary>
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>, IOptions<AuthSettings>>((options, rateLimits, authSettings) =>
        {
            var settings = rateLimits.Value;
            var auth = authSettings.Value;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!settings.Enabled || context.Request.Path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("none");
                return RateLimitPartition.GetTokenBucketLimiter(CallerKey(context, auth), _ => new TokenBucketRateLimiterOptions
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

    private static string CallerKey(HttpContext context, AuthSettings auth)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(JwtRegisteredClaimNames.Sub) is not null)
        {
            var caller = Caller.From(context.User, auth);
            return $"c:{caller.Organisation.Length}:{caller.Organisation}:{caller.Subject}";
        }
        return "a:" + context.Connection.RemoteIpAddress;
    }
}
