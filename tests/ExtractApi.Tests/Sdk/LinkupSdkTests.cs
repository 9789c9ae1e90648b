using System.Text.Json;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Sdk;

/// <summary>The official Linkup JS SDK (<c>linkup-sdk</c>, pinned) calling <c>fetch()</c> against the real server process.</summary>
public sealed class LinkupSdkTests : IAsyncLifetime
{
    private TestSite _site = null!;
    private ServerProcess _server = null!;
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        var database = await TestPostgres.CreateDatabaseAsync("linkupsdk");
        _server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["Scraping__AllowedPrivateEndpoints__0"] = $"127.0.0.1:{_site.Port}",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Serilog__MinimumLevel__Override__ExtractApi"] = "Information", // the startup banner
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-linkup-{Guid.NewGuid():N}"),
        });
        var swagger = await _server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
        _baseUrl = swagger[..^"/swagger".Length];
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task Fetch_works_through_the_sdk_unchanged()
    {
        var output = await NodeSdk.RunScriptAsync("linkup-fetch.mjs", new Dictionary<string, string>
        {
            ["API_URL"] = _baseUrl + "/v1",
            ["TOKEN"] = ApiFactory.MintToken("linkup-user", "org-1"),
            ["SITE"] = _site.BaseUrl.ToString(),
            ["BLOCKED"] = "http://127.0.0.1:9/private",
        }, TimeSpan.FromMinutes(2));
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;

        var plain = root.GetProperty("plain").GetProperty("ok");
        Assert.Contains("This is **page 1** of the test site", plain.Str("markdown"), StringComparison.Ordinal);
        Assert.DoesNotContain("Footer text", plain.Str("markdown"), StringComparison.Ordinal);
        Assert.False(plain.TryGetProperty("rawHtml", out _), output);
        Assert.False(plain.TryGetProperty("images", out _), output);

        var full = root.GetProperty("full").GetProperty("ok");
        Assert.Contains("<img src=\"/img/kettle.jpg\"", full.Str("rawHtml"), StringComparison.Ordinal);
        var images = full.GetProperty("images").EnumerateArray().Select(i => (i.Str("alt"), i.Str("url"))).ToList();
        var site = _site.BaseUrl.ToString();
        Assert.Equal(
        [
            ("A steel kettle", site + "img/kettle.jpg"),
            ("Lazy kettle", site + "img/lazy.png"),
            ("", "https://cdn.example.com/kettle-2.webp"),
            ("Sized", site + "img/small.jpg"),
        ], images);

        Assert.Contains("plain words", root.GetProperty("text").GetProperty("ok").Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("LinkupFetchError", root.GetProperty("missing").Str("error"));
        Assert.Contains("404", root.GetProperty("missing").Str("message"), StringComparison.Ordinal);
        Assert.Equal("LinkupFetchUnsupportedContentTypeError", root.GetProperty("image").Str("error"));
        // renderJs renders the page in headless Chromium.
        Assert.Contains("page 1", root.GetProperty("renderJs").GetProperty("ok").Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("LinkupFetchError", root.GetProperty("blocked").Str("error"));
        Assert.Equal("LinkupInvalidRequestError", root.GetProperty("badUrl").Str("error"));
        Assert.Contains("url", root.GetProperty("badUrl").Str("message"), StringComparison.Ordinal);
    }
}
