using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Rendering;

/// <summary>The server with its worker beside a <see cref="RenderSite"/> whose endpoint is allowed (the bystander is not).</summary>
public sealed class RenderApiFactory : ApiFactory
{
    public RenderSite Site { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Site = await RenderSite.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Server:Role", "all");
        builder.UseSetting("Scraping:AllowedPrivateEndpoints:0", $"127.0.0.1:{Site.BaseUrl.Port}");
        // A page that hoards memory crashes its tab sooner under a small heap limit (the test pages need far less).
        builder.UseSetting("Rendering:MaxPageMemoryMegabytes", "128");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Site.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Rendering through the Firecrawl API: auto mode on a script shell, actions, screenshots served with the token.</summary>
public sealed class RenderingApiTests(RenderApiFactory api) : IClassFixture<RenderApiFactory>
{

    private async Task<JsonElement> ScrapeAsync(HttpClient client, string version, object body)
    {
        var response = await client.PostAsync($"/{version}/scrape", Json.Body(body));
        var answer = await Json.ReadAsync(response, HttpStatusCode.OK);
        return answer.GetProperty("data");
    }

    [Fact]
    public async Task Auto_mode_renders_a_script_shell_and_fetches_a_plain_page_over_HTTP()
    {
        var client = api.ClientFor("alice");
        var before = api.Site.Hits("/spa");
        var shell = await ScrapeAsync(client, "v1", new { url = api.Site.Url("spa").AbsoluteUri, formats = new[] { "markdown" } });
        Assert.Contains("Rendered item alpha", shell.Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("browser", shell.GetProperty("metadata").Str("engine"));
        // The browser was given the shell it fetched: the site was asked for the document once, its script and API as usual.
        Assert.Equal(before + 1, api.Site.Hits("/spa"));
        Assert.True(api.Site.Hits("/api/items") > 0);

        var plain = await ScrapeAsync(client, "v1", new { url = api.Site.Url("late").AbsoluteUri, formats = new[] { "markdown" } });
        Assert.Contains("Always here.", plain.Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("http", plain.GetProperty("metadata").Str("engine"));

        // waitFor forces the browser and waits.
        var waited = await ScrapeAsync(client, "v1", new { url = api.Site.Url("late").AbsoluteUri, waitFor = 1500 });
        Assert.Contains("Late paragraph arrived.", waited.Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("browser", waited.GetProperty("metadata").Str("engine"));
    }

    [Fact]
    public async Task A_v2_scrape_with_actions_and_a_screenshot_answers_in_firecrawls_shape_and_serves_the_image_to_its_owner_only()
    {
        var client = api.ClientFor("alice");
        var document = await ScrapeAsync(client, "v2", new
        {
            url = api.Site.Url("reveal").AbsoluteUri,
            formats = new object[] { "markdown", new { type = "screenshot", viewport = new { width = 800, height = 600 } } },
            actions = new object[]
            {
                new { type = "click", selector = "#show" },
                new { type = "scrape" },
                new { type = "executeJavascript", script = "document.title" },
                new { type = "screenshot" },
            },
        });
        Assert.Contains("The secret answer is forty-two.", document.Str("markdown"), StringComparison.Ordinal);
        var actions = document.GetProperty("actions");
        Assert.Contains("forty-two", actions.GetProperty("scrapes")[0].Str("html"), StringComparison.Ordinal);
        Assert.Equal("string", actions.GetProperty("javascriptReturns")[0].Str("type"));
        Assert.Equal("Reveal", actions.GetProperty("javascriptReturns")[0].Str("value"));
        Assert.Equal(1, actions.GetProperty("screenshots").GetArrayLength());
        Assert.False(document.GetProperty("metadata").TryGetProperty("screenshot", out _));

        var link = new Uri(document.Str("screenshot")!);
        var image = await client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var png = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal((800, 600), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4))));

        Assert.Equal(HttpStatusCode.NotFound, (await api.ClientFor("mallory").GetAsync(link.PathAndQuery)).StatusCode);
        var anonymous = api.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(link.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Scroll_actions_load_more_of_an_endless_feed()
    {
        var client = api.ClientFor("alice");
        var feed = api.Site.Url("feed").AbsoluteUri;
        var still = await ScrapeAsync(client, "v2", new { url = feed, formats = new[] { "markdown" }, waitFor = 300 });
        Assert.Contains("Feed story number 5.", still.Str("markdown"), StringComparison.Ordinal);
        Assert.DoesNotContain("Feed story number 6.", still.Str("markdown"), StringComparison.Ordinal);

        // Each scroll brings the bottom near, and the page fetches five more stories.
        var scrolled = await ScrapeAsync(client, "v2", new
        {
            url = feed,
            formats = new[] { "markdown" },
            actions = new object[]
            {
                new { type = "scroll", direction = "down" },
                new { type = "wait", selector = "p.item:nth-of-type(10)" },
                new { type = "scroll", direction = "down" },
                new { type = "wait", selector = "p.item:nth-of-type(15)" },
            },
        });
        Assert.Contains("Feed story number 15.", scrolled.Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("browser", scrolled.GetProperty("metadata").Str("engine"));
    }

    [Fact]
    public async Task A_page_that_crashes_its_tab_or_never_finishes_loading_fails_clearly_and_the_next_page_renders()
    {
        var client = api.ClientFor("alice");
        var crash = await client.PostAsync("/v1/scrape", Json.Body(new { url = api.Site.Url("crash").AbsoluteUri, waitFor = 100, timeout = 60_000 }));
        var crashed = await Json.ReadAsync(crash, HttpStatusCode.UnprocessableEntity);
        Json.IsFirecrawlError(crashed);
        Assert.Contains("tab crashed while rendering", crashed.Str("error"), StringComparison.Ordinal);
        Assert.Contains("at most 128 MB", crashed.Str("error"), StringComparison.Ordinal);

        var hang = await client.PostAsync("/v1/scrape", Json.Body(new { url = api.Site.Url("hang").AbsoluteUri, waitFor = 100, timeout = 3000 }));
        var timedOut = await Json.ReadAsync(hang, HttpStatusCode.RequestTimeout);
        Assert.Contains("Timed out after 3 s (rendering)", timedOut.Str("error"), StringComparison.Ordinal);

        var next = await ScrapeAsync(client, "v1", new { url = api.Site.Url("spa").AbsoluteUri, formats = new[] { "markdown" } });
        Assert.Contains("Rendered item alpha", next.Str("markdown"), StringComparison.Ordinal);
        Assert.Equal("browser", next.GetProperty("metadata").Str("engine"));
    }

    [Theory]
    [InlineData("""{"type":"dance"}""", "actions[0].type")]
    [InlineData("""{"type":"wait","milliseconds":61000}""", "actions[0].milliseconds")]
    [InlineData("""{"type":"click"}""", "actions[0].selector")]
    [InlineData("""{"type":"scroll","direction":"sideways"}""", "actions[0].direction")]
    public async Task Bad_actions_are_a_400_naming_the_field(string action, string field)
    {
        var client = api.ClientFor("alice");
        var response = await client.PostAsync("/v1/scrape", new StringContent(
            $$"""{"url":"{{api.Site.Url("reveal")}}","actions":[{{action}}]}""", Encoding.UTF8, "application/json"));
        var body = await Json.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, body.Str("error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_actions_or_too_much_waiting_is_a_400()
    {
        var client = api.ClientFor("alice");
        var many = Enumerable.Range(0, 51).Select(_ => new { type = "wait", milliseconds = 1 }).ToArray();
        var tooMany = await client.PostAsync("/v1/scrape", Json.Body(new { url = api.Site.Url("reveal").AbsoluteUri, actions = many }));
        Assert.Contains("at most 50 actions", (await Json.ReadAsync(tooMany, HttpStatusCode.BadRequest)).Str("error"), StringComparison.Ordinal);
        var waits = new[] { new { type = "wait", milliseconds = 40_000 } };
        var tooLong = await client.PostAsync("/v1/scrape", Json.Body(new { url = api.Site.Url("reveal").AbsoluteUri, waitFor = 30_000, actions = waits }));
        Assert.Contains("60000 ms", (await Json.ReadAsync(tooLong, HttpStatusCode.BadRequest)).Str("error"), StringComparison.Ordinal);
    }
}
