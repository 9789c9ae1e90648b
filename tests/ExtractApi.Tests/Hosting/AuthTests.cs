using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ExtractApi.Tests.Hosting;

public sealed class AuthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string[] PollPaths =
    [
        "/v1/batch/scrape/{0}", "/v1/crawl/{0}", "/v1/batch/scrape/{0}/errors", "/v1/extract/{0}", "/v1/extractions/{0}", "/api/v1/extraction/results/{0}",
    ];

    /// <summary>A token signed with <paramref name="key"/> for alice of org-1 (also used by <see cref="ValidatedTokenTests"/>).</summary>
    internal static string Mint(string key = ApiFactory.SigningKey, string issuer = "extractapi", string audience = "extractapi",
        DateTime? expires = null, string? subject = "alice", string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var claims = new List<Claim> { new("org_id", "org-1") };
        if (subject is not null) claims.Add(new Claim("sub", subject));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = (expires ?? now.AddHours(1)) < now ? now.AddHours(-2) : now,
            NotBefore = (expires ?? now.AddHours(1)) < now ? now.AddHours(-2) : now,
            Expires = expires ?? now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    private static string Unsigned()
    {
        static string B64(string json) => Base64UrlEncoder.Encode(json);
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        return $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64($$"""{"sub":"alice","org_id":"org-1","iss":"extractapi","aud":"extractapi","exp":{{exp}}}""")}.";
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "missing", "" },
        { "garbage", "not-a-jwt" },
        { "alg none", Unsigned() },
        { "expired", Mint(expires: DateTime.UtcNow.AddMinutes(-10)) },
        { "wrong key", Mint(key: "another-signing-key-that-is-long-enough-for-hs256-xx") },
        { "wrong audience", Mint(audience: "someone-else") },
        { "wrong issuer", Mint(issuer: "https://evil.example") },
        { "HS512 not allowed", Mint(algorithm: SecurityAlgorithms.HmacSha512) },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_get_401_in_every_dialects_shape(string why, string token)
    {
        var client = api.CreateClient();
        if (token.Length > 0) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var template in PollPaths)
        {
            var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid());
            var body = await Json.ReadAsync(await client.GetAsync(path), HttpStatusCode.Unauthorized);
            if (path.StartsWith("/api/", StringComparison.Ordinal)) Json.IsJustCrawlError(body);
            else if (path.StartsWith("/v1/extractions", StringComparison.Ordinal)) Json.IsDocmapError(body, "UNAUTHORIZED");
            else Json.IsFirecrawlError(body);
            Assert.False(string.IsNullOrEmpty(why));
        }
        var linkup = api.CreateClient();
        linkup.DefaultRequestHeaders.UserAgent.ParseAdd("Linkup-JS-SDK/2.1.1");
        if (token.Length > 0) linkup.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Json.IsLinkupError(await Json.ReadAsync(await linkup.GetAsync($"/v1/extract/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized), 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task A_valid_token_passes_and_a_token_without_subject_is_refused()
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Pending, "alice", "org-1");
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/v1/batch/scrape/{job.Id}")).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(subject: null));
        Json.IsFirecrawlError(await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task Expired_token_says_so()
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Mint(expires: DateTime.UtcNow.AddMinutes(-10)));
        var body = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{Guid.NewGuid()}"), HttpStatusCode.Unauthorized);
        Assert.Contains("expired", body.Str("error"), StringComparison.OrdinalIgnoreCase);
    }
}
