using System.Net;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Security;

/// <summary>The limiter counts callers, not spellings of the Authorization header.</summary>
public sealed class RateLimitKeyTests(RateLimitKeyTests.SmallLimitApi api) : IClassFixture<RateLimitKeyTests.SmallLimitApi>
{
    public sealed class SmallLimitApi : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimiting:PermitsPerSecond", "1");
            builder.UseSetting("RateLimiting:Burst", "3");
        }
    }

    private async Task<List<HttpStatusCode>> SendAsync(IEnumerable<string> authorizations)
    {
        var statuses = new List<HttpStatusCode>();
        using var client = api.CreateClient();
        foreach (var authorization in authorizations)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/batch/scrape/{Guid.NewGuid()}");
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }
        return statuses;
    }

    [Fact]
    public async Task One_token_spelled_six_ways_is_one_caller()
    {
        var token = api.TokenFor("spelling", "org-1");
        var statuses = await SendAsync([$"Bearer {token}", $"bearer {token}", $"Bearer  {token}", $"BEARER {token}", $"Bearer {token} ", $"Bearer   {token}"]);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests, string.Join(",", statuses)));
    }

    [Fact]
    public async Task Two_tokens_of_one_caller_share_its_bucket()
    {
        var tokens = Enumerable.Range(0, 3).Select(i => api.TokenFor("two-tokens", "org-1", TimeSpan.FromMinutes(30 + i))).ToList();
        var statuses = await SendAsync(tokens.Concat(tokens).Select(t => $"Bearer {t}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    [Fact]
    public async Task Rotating_junk_tokens_are_limited_by_client_address()
    {
        var statuses = await SendAsync(Enumerable.Range(0, 8).Select(i => $"Bearer junk-{Guid.NewGuid():N}-{i}"));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, string.Join(",", statuses)));
    }
}
