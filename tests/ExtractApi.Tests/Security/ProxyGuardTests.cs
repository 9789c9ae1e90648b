using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Security;

/// <summary>The SSRF guard holds when a proxy is around: the system one is ignored, a configured one gets only checked targets.</summary>
public sealed class ProxyGuardTests(ProxyGuardTests.ProxiedApi api) : IClassFixture<ProxyGuardTests.ProxiedApi>
{
    private const string PrivateTarget = "http://10.255.255.1/admin";

    public sealed class ProxiedApi : SiteApiFactory
    {
        public RecordingProxy Proxy { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scraping:Proxy", Proxy.Url.ToString());
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Proxy.DisposeAsync();
            GC.SuppressFinalize(this);
        }
    }


    /// <summary>Creates a batch scrape and waits for it to finish; answers its documents' Markdown and its errors.</summary>
    private static async Task<(List<string> Markdown, List<JsonElement> Errors)> ScrapeAsync(HttpClient client, params string[] urls)
    {
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", Json.Body(new { urls, formats = new[] { "markdown" } })), HttpStatusCode.OK);
        var id = created.Str("id");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement status;
        while ((status = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK)).Str("status") == "scraping")
        {
            Assert.True(DateTime.UtcNow < deadline, $"Batch {id} did not finish: {status}");
            await Task.Delay(100);
        }
        var errors = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}/errors"), HttpStatusCode.OK);
        return (status.GetProperty("data").EnumerateArray().Select(d => d.Str("markdown") ?? "").ToList(),
            errors.GetProperty("errors").EnumerateArray().ToList());
    }

    [Fact]
    public async Task A_configured_proxy_fetches_allowed_targets_and_never_sees_a_private_one()
    {
        var allowed = api.Site.Url("/pages/1").ToString();
        var (markdown, errors) = await ScrapeAsync(api.ClientFor("alice"), allowed, PrivateTarget);

        Assert.Contains(RecordingProxy.Marker, Assert.Single(markdown));
        var refused = Assert.Single(errors);
        Assert.Equal(PrivateTarget, refused.Str("url"));
        Assert.StartsWith("Refused to connect", refused.Str("error"));
        Assert.Contains(api.Proxy.Requests, line => line.StartsWith($"GET {allowed} ", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Proxy.Requests, line => line.Contains("10.255.255.1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_system_proxy_from_the_environment_is_ignored()
    {
        await using var proxy = new RecordingProxy();
        var database = await TestPostgres.CreateDatabaseAsync("proxy");
        await using var server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-proxy-{Guid.NewGuid():N}"),
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__ExtractApi"] = "Information",
            ["HTTP_PROXY"] = proxy.Url.ToString(),
            ["http_proxy"] = proxy.Url.ToString(),
            ["HTTPS_PROXY"] = proxy.Url.ToString(),
            ["ALL_PROXY"] = proxy.Url.ToString(),
        });
        var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
        using var client = new HttpClient { BaseAddress = new Uri(swagger[..^"/swagger".Length]) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.MintToken("alice", "org-1"));

        var (markdown, errors) = await ScrapeAsync(client, PrivateTarget);

        Assert.Empty(markdown);
        Assert.StartsWith("Refused to connect", Assert.Single(errors).Str("error"));
        Assert.Empty(proxy.Requests);
    }
}
