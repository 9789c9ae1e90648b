using System.Net;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Hosting;

public sealed class RateLimitTests(RateLimitTests.SmallLimitApi api) : IClassFixture<RateLimitTests.SmallLimitApi>
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

    [Theory]
    [InlineData("/v1/batch/scrape/{0}", "firecrawl")]
    [InlineData("/v1/extractions/{0}", "docmap")]
    [InlineData("/api/v1/extraction/results/{0}", "justcrawl")]
    [InlineData("/v1/extract/{0}", "linkup")]
    public async Task A_caller_over_its_limit_gets_429_with_retry_after_in_the_dialect_shape(string template, string dialect)
    {
        var client = api.ClientFor($"limited-{dialect}", userAgent: dialect == "linkup" ? "Linkup-JS-SDK/2.1.1" : null);
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Guid.NewGuid());
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6 && limited is null; i++)
        {
            var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.NotNull(limited);
        Assert.True(statuses.Count(s => s != HttpStatusCode.TooManyRequests) >= 3, string.Join(",", statuses));
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var body = await Json.ReadAsync(limited, HttpStatusCode.TooManyRequests);
        switch (dialect)
        {
            case "firecrawl": Json.IsFirecrawlError(body); break;
            case "docmap": Json.IsDocmapError(body, "TOO_MANY_REQUESTS"); break;
            case "justcrawl": Json.IsJustCrawlError(body); break;
            default: Json.IsLinkupError(body, 429, "TOO_MANY_REQUESTS"); break;
        }

        // Another caller is not affected.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await api.ClientFor($"other-{dialect}").GetAsync(path)).StatusCode);
    }
}
