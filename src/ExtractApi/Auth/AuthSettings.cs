using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Auth;

/// <summary>Bearer token validation, bound from the <c>Auth</c> section.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "extractapi";
    public string Audience { get; set; } = "extractapi";
    /// <summary>Symmetric HS256 key for self-hosting (at least 32 bytes; base64 or plain text). When neither this nor
    /// <see cref="Authority"/> is set, a random key is generated once and kept in the local data folder.</summary>
    public string? SigningKey { get; set; }
    /// <summary>OIDC authority for production: keys come from its JWKS document, tokens are never minted here.</summary>
    public string? Authority { get; set; }
    /// <summary>The claim that names the caller's organisation; the subject is used when it is absent.</summary>
    public string OrganisationClaim { get; set; } = "org_id";
    [Range(0, 3600)]
    public int ClockSkewSeconds { get; set; } = 30;
    /// <summary>How long a validated token is remembered (never past its expiry); 0 validates every request.</summary>
    [Range(0, int.MaxValue)]
    public int ValidatedTokenSeconds { get; set; } = 300;
}
