using System.Net;
using System.Net.Http.Headers;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Hosting;

/// <summary>The validated-token memory must never let a token do more than full validation would.</summary>
public sealed class ValidatedTokenTests(ValidatedTokenTests.StrictClockApi api) : IClassFixture<ValidatedTokenTests.StrictClockApi>
{
    /// <summary>No clock skew, so a token is refused the moment it expires.</summary>
    public sealed class StrictClockApi : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:ClockSkewSeconds", "0");
        }
    }

    private async Task<Guid> SeedAsync()
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.Extract, JobStatus.Processing, "alice", "org-1");
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        return job.Id;
    }

    private async Task<HttpStatusCode> PollAsync(Guid id, string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.GetAsync($"/v1/extract/{id}")).StatusCode;
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_it_expires()
    {
        var id = await SeedAsync();
        var expires = DateTime.UtcNow.AddSeconds(3);
        var token = AuthTests.Mint(expires: expires);
        Assert.Equal(HttpStatusCode.OK, await PollAsync(id, token));
        Assert.Equal(HttpStatusCode.OK, await PollAsync(id, token)); // now served from memory

        await Task.Delay(expires - DateTime.UtcNow + TimeSpan.FromMilliseconds(1100)); // JWT times have whole seconds
        Assert.Equal(HttpStatusCode.Unauthorized, await PollAsync(id, token));
    }

    [Fact]
    public async Task A_remembered_tokens_claims_with_another_signature_are_refused()
    {
        var id = await SeedAsync();
        var expires = DateTime.UtcNow.AddHours(1);
        var token = AuthTests.Mint(expires: expires);
        Assert.Equal(HttpStatusCode.OK, await PollAsync(id, token));

        var forged = AuthTests.Mint(key: "another-signing-key-that-is-long-enough-for-hs256-xx", expires: expires);
        var sameClaimsForgedSignature = token[..token.LastIndexOf('.')] + forged[forged.LastIndexOf('.')..];
        Assert.Equal(HttpStatusCode.Unauthorized, await PollAsync(id, sameClaimsForgedSignature));
        // A character inside the signature (the last one carries unused padding bits).
        var signatureCharacterChanged = token[..^10] + (token[^10] == 'A' ? 'B' : 'A') + token[^9..];
        Assert.Equal(HttpStatusCode.Unauthorized, await PollAsync(id, signatureCharacterChanged));
        Assert.Equal(HttpStatusCode.OK, await PollAsync(id, token));
    }
}
