using System.Net;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Security;

/// <summary>Links never reflect a forged Host; requested headers cannot smuggle a second header line.</summary>
public sealed class PublicLinkAndHeaderTests(PublicLinkAndHeaderTests.PublicApi api) : IClassFixture<PublicLinkAndHeaderTests.PublicApi>
{
    public const string PublicBase = "https://extract.example.com/api";

    public sealed class PublicApi : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Server:PublicBaseUrl", PublicBase);
        }
    }


    [Theory]
    [InlineData("/v1/batch/scrape", """{"urls":["https://example.com/1"]}""", "/v1/batch/scrape/")]
    [InlineData("/v1/extract", """{"urls":["https://example.com/1"],"prompt":"title"}""", "/v1/extract/")]
    public async Task Created_links_use_the_configured_public_base_whatever_the_host_header(string path, string json, string linkPath)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json.Body(json) };
        request.Headers.Host = "attacker.example";
        var created = await Json.ReadAsync(await api.ClientFor("alice").SendAsync(request), HttpStatusCode.OK);
        Assert.Equal($"{PublicBase}{linkPath}{created.Str("id")}", created.Str("url"));
    }

    [Theory]
    [InlineData("/v1/batch/scrape", """{"urls":["https://example.com/1"],"headers":{"X-Note":"a\r\nX-Injected: 1"}}""", "headers.X-Note")]
    [InlineData("/v1/batch/scrape", """{"urls":["https://example.com/1"],"headers":{"X-Note":"a\nb"}}""", "headers.X-Note")]
    [InlineData("/v1/batch/scrape", """{"urls":["https://example.com/1"],"headers":{"Bad Name":"a"}}""", "headers.Bad Name")]
    [InlineData("/v1/extract", """{"urls":["https://example.com/1"],"prompt":"x","scrapeOptions":{"headers":{"Cookie":"a=1\rb"}}}""", "scrapeOptions.headers.Cookie")]
    public async Task A_requested_header_with_cr_or_lf_is_a_400_at_create(string path, string json, string field)
    {
        var body = await Json.ReadAsync(await api.ClientFor("alice").PostAsync(path, Json.Body(json)), HttpStatusCode.BadRequest);
        Json.IsFirecrawlError(body);
        Assert.Contains(field, body.Str("error"));
    }
}
