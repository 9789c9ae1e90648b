using System.Security.Cryptography;
using ExtractApi.Api;
using ExtractApi.Dialects;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Hosting;
using ExtractApi.Jobs.Settings;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ExtractApi.Auth;

public static class AuthSetup
{
    /// <summary>
    /// JWT bearer authentication: an HS256 key for self-hosting, or an OIDC authority (keys from its JWKS) in production.
    /// Issuer, audience, lifetime and signature are always validated; unsigned (<c>alg: none</c>) tokens never pass.
    /// Failures are answered in the dialect's own error shape.
    /// </summary>
    public static WebApplicationBuilder AddApiAuthentication(this WebApplicationBuilder builder)
    {
        // Read now: the JWT handler's parameters and the signing key are fixed when the services are built.
        var settings = SettingsBinding.Read<AuthSettings>(builder.Configuration, AuthSettings.Section);
        var key = SigningKeys.Resolve(settings, SettingsBinding.Read<LocalDataSettings>(builder.Configuration, LocalDataSettings.Section));
        builder.Services.AddSingleton(key);
        builder.Services.AddSingleton(new TokenIssuer(settings, key));
        var validatedTokens = new ValidatedTokens(settings);
        builder.Services.AddSingleton(validatedTokens);
        builder.Services.AddSingleton(new LinkupResultLinks(
            HMACSHA256.HashData(key.Key, "linkup-result-url"u8), TimeSpan.FromHours(1)));

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            var parameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                ClockSkew = TimeSpan.FromSeconds(settings.ClockSkewSeconds),
                NameClaimType = JwtRegisteredClaimNames.Sub,
            };
            if (string.IsNullOrEmpty(settings.Authority))
            {
                parameters.ValidateIssuerSigningKey = true;
                parameters.IssuerSigningKey = key;
                parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
            }
            else
            {
                options.Authority = settings.Authority;
                options.RequireHttpsMetadata = settings.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            }
            options.TokenValidationParameters = parameters;
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = validatedTokens.OnMessageReceived,
                OnTokenValidated = validatedTokens.OnTokenValidated,
                OnChallenge = context =>
                {
                    context.HandleResponse();
                    var message = context.AuthenticateFailure switch
                    {
                        SecurityTokenExpiredException => "The bearer token has expired.",
                        not null => "The bearer token is invalid.",
                        null => "Missing or invalid Authorization header. Send 'Authorization: Bearer <token>'.",
                    };
                    return ApiError.Unauthorized(message).WriteAsync(context.HttpContext);
                },
                OnForbidden = context =>
                    ApiError.Forbidden("The bearer token does not grant access to this resource.").WriteAsync(context.HttpContext),
            };
        });

        builder.Services.AddAuthorizationBuilder().SetDefaultPolicy(new AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(JwtRegisteredClaimNames.Sub)
            .Build());
        return builder;
    }
}
