using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ExtractApi.Auth;

/// <summary>
/// Bearer tokens that have passed validation, remembered until they expire (and for at most
/// <see cref="AuthSettings.ValidatedTokenSeconds"/>): a client polling a job sends the same token several times a
/// second, and checking its signature, issuer, audience and lifetime again each time cost about as much as the poll's
/// own database read. Only tokens the JWT handler accepted are stored, keyed by the exact token text, so a forged,
/// altered or expired token always goes through full validation and is refused.
/// </summary>
public sealed class ValidatedTokens(AuthSettings settings) : IDisposable
{
    private sealed record Entry(System.Security.Claims.ClaimsPrincipal Principal, DateTime ExpiresUtc);

    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly TimeSpan maxAge = TimeSpan.FromSeconds(Math.Max(0, settings.ValidatedTokenSeconds));

    /// <summary>JwtBearer's message-received event: a remembered token authenticates without validation.</summary>
    public Task OnMessageReceived(MessageReceivedContext context)
    {
        if (maxAge == TimeSpan.Zero) return Task.CompletedTask;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length <= 7 || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return Task.CompletedTask;
        if (cache.TryGetValue(header.AsSpan(7).Trim().ToString(), out Entry? entry) && entry!.ExpiresUtc > DateTime.UtcNow)
        {
            context.Principal = entry.Principal;
            context.Success();
        }
        return Task.CompletedTask;
    }

    /// <summary>JwtBearer's token-validated event: remembers the token until its expiry or the maximum age.</summary>
    public Task OnTokenValidated(TokenValidatedContext context)
    {
        if (maxAge == TimeSpan.Zero || context.SecurityToken is not JsonWebToken token || context.Principal is null) return Task.CompletedTask;
        var until = DateTime.UtcNow + maxAge;
        if (token.ValidTo != DateTime.MinValue && token.ValidTo < until) until = token.ValidTo;
        cache.Set(token.EncodedToken, new Entry(context.Principal, until), new MemoryCacheEntryOptions { AbsoluteExpiration = until, Size = 1 });
        return Task.CompletedTask;
    }

    public void Dispose() => cache.Dispose();
}
