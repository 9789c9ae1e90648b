using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ExtractApi.Auth;

/// <summary>Mints HS256 bearer tokens for self-hosted use (the <c>token</c> command, tests, benchmarks).</summary>
public sealed class TokenIssuer(AuthSettings settings, SecurityKey key)
{
    /// <summary>The role claim that opens the operators' dashboard.</summary>
    public const string RoleClaim = "role";
    public const string AdminRole = "admin";

    public string Issue(string subject, string organisation, TimeSpan lifetime, bool admin = false)
    {
        var now = DateTime.UtcNow;
        Claim[] claims = [new(JwtRegisteredClaimNames.Sub, subject), new(settings.OrganisationClaim, organisation)];
        if (admin) claims = [.. claims, new Claim(RoleClaim, AdminRole)];
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
