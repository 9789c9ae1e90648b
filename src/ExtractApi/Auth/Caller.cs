using Microsoft.Extensions.Options;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ExtractApi.Auth;

/// <summary>Who is asking: the token's subject within its organisation. Every job belongs to exactly one caller.</summary>
public sealed record Caller(string Subject, string Organisation)
{
    public static Caller From(ClaimsPrincipal user, AuthSettings settings)
    {
        var subject = user.FindFirstValue(JwtRegisteredClaimNames.Sub)
            ?? throw new InvalidOperationException("An authenticated user without a 'sub' claim passed the authorization policy.");
        return new Caller(subject, user.FindFirstValue(settings.OrganisationClaim) ?? subject);
    }

    /// <summary>Lets handlers take a <see cref="Caller"/> parameter; endpoints that bind it require authorization.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(From(context.User, context.RequestServices.GetRequiredService<IOptions<AuthSettings>>().Value));
}
