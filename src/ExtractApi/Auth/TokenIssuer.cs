using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ExtractApi.Auth;

/// <summary>Mints HS256 bearer tokens for self-hosted use (the <c>token</c> command, tests, benchmarks).</summary>
public sealed class TokenIssuer(AuthSettings settings, SecurityKey key)
{
    public string Issue(string subject, string organisation, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, subject),
                new Claim(settings.OrganisationClaim, organisation),
            ]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
