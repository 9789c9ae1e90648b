using System.Buffers.Binary;
using System.Net;
using ExtractApi.Rendering;
using ExtractApi.Scraping.Fetching;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExtractApi.Tests.Rendering;

/// <summary>One Chromium for the renderer tests (each launch costs a second or two on these machines).</summary>
public sealed class RendererFixture : IAsyncLifetime
{
    public RenderSite Site { get; private set; } = null!;
    public BrowserPool Pool { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: .ci/run installs Debian's chromium package.");
        Site = await RenderSite.StartAsync();
        // The site is allowed, as a public site would be; the bystander on another local port is not.
        var guard = new SsrfGuard(false, [new IPEndPoint(IPAddress.Loopback, Site.BaseUrl.Port)]);
        Pool = new BrowserPool(new RendererOptions { Contexts = 2, PageTimeout = TimeSpan.FromSeconds(40) }, guard, NullLogger<BrowserPool>.Instance);
    }

    public async Task DisposeAsync()
    {
        await Pool.DisposeAsync();
        await Site.DisposeAsync();
    }
}

public sealed class RendererTests(RendererFixture fixture) : IClassFixture<RendererFixture>
{
    private RenderSite Site => fixture.Site;
    private BrowserPool Pool => fixture.Pool;

    private static RenderRequest Page(Uri url) => new(url) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_single_page_app_is_empty_over_plain_HTTP_and_full_once_rendered()
    {
        using var http = new HttpClient();
        var plain = await http.GetStringAsync(Site.Url("spa"));
        Assert.DoesNotContain("Rendered item alpha", plain, StringComparison.Ordinal);

        var rendered = await Pool.RenderAsync(Page(Site.Url("spa")), CancellationToken.None);
        Assert.True(rendered.Error is null, rendered.Error);
        Assert.Equal(200, rendered.StatusCode);
        Assert.Contains("Rendered item alpha", rendered.Html, StringComparison.Ordinal);
        Assert.Contains("Rendered item beta", rendered.Html, StringComparison.Ordinal);
        Assert.Empty(rendered.BlockedRequests);
    }

    [Fact]
    public async Task WaitFor_lets_late_content_arrive()
    {
        var hurried = await Pool.RenderAsync(Page(Site.Url("late")), CancellationToken.None);
        Assert.True(hurried.Error is null, hurried.Error);
        Assert.DoesNotContain("Late paragraph arrived", hurried.Html, StringComparison.Ordinal);

        var patient = await Pool.RenderAsync(Page(Site.Url("late")) with { WaitFor = TimeSpan.FromMilliseconds(1500) }, CancellationToken.None);
        Assert.Contains("Late paragraph arrived", patient.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_click_scrape_and_run_scripts_in_order()
    {
        var result = await Pool.RenderAsync(Page(Site.Url("reveal")) with
        {
            Actions =
            [
                new BrowserAction("scrape"),
                new BrowserAction("click") { Selector = "#show" },
                new BrowserAction("executeJavascript") { Script = "document.getElementById('answer').textContent.length" },
                new BrowserAction("screenshot"),
            ],
        }, CancellationToken.None);
        Assert.True(result.Error is null, result.Error);
        Assert.DoesNotContain("The secret answer is forty-two.", Assert.Single(result.Scrapes).Html, StringComparison.Ordinal);
        Assert.Contains("The secret answer is forty-two.", result.Html, StringComparison.Ordinal);
        var returned = Assert.Single(result.JavascriptReturns);
        Assert.Equal(("number", "31"), (returned.Type, returned.ValueJson));
        Assert.Equal("image/png", Assert.Single(result.ActionScreenshots).ContentType);

        var missing = await Pool.RenderAsync(Page(Site.Url("reveal")) with { Actions = [new BrowserAction("click") { Selector = "#nothing" }] }, CancellationToken.None);
        Assert.Contains("no element matches '#nothing'", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_screenshot_is_a_PNG_of_the_requested_viewport_or_the_whole_page()
    {
        var viewport = await Pool.RenderAsync(Page(Site.Url("colour")) with { Screenshot = new ScreenshotSpec(Width: 800, Height: 600) }, CancellationToken.None);
        Assert.True(viewport.Error is null, viewport.Error);
        Assert.Equal((800, 600), PngSize(viewport.Screenshot!.Bytes));

        var full = await Pool.RenderAsync(Page(Site.Url("colour")) with { Screenshot = new ScreenshotSpec(FullPage: true, Width: 640, Height: 480) }, CancellationToken.None);
        var (width, height) = PngSize(full.Screenshot!.Bytes);
        Assert.Equal(640, width);
        Assert.True(height > 3000, $"a full-page capture is as tall as the page, not {height} px");

        var jpeg = await Pool.RenderAsync(Page(Site.Url("colour")) with { Screenshot = new ScreenshotSpec(Quality: 50) }, CancellationToken.None);
        Assert.Equal("image/jpeg", jpeg.Screenshot!.ContentType);
        Assert.Equal([0xFF, 0xD8], jpeg.Screenshot.Bytes[..2]);
    }

    [Fact]
    public async Task Requests_of_a_page_to_private_addresses_and_other_local_ports_are_blocked_and_listed()
    {
        var before = Site.BystanderHits;
        var result = await Pool.RenderAsync(Page(Site.Url("reach")), CancellationToken.None);
        Assert.True(result.Error is null, result.Error);
        Assert.Contains("rejected,rejected,rejected", result.Html, StringComparison.Ordinal);
        Assert.True(before == Site.BystanderHits, $"the bystander was reached: {string.Join(", ", Site.BystanderPaths)}");
        Assert.Contains(result.BlockedRequests, b => b.Url == $"{Site.Bystander}secret" && b.Reason.Contains("loopback", StringComparison.Ordinal));
        Assert.Contains(result.BlockedRequests, b => b.Url == $"{Site.Bystander}pixel.png" && b.ResourceType == "image");
        Assert.Contains(result.BlockedRequests, b => b.Url.StartsWith("http://10.255.255.1/", StringComparison.Ordinal)
            && b.Reason.Contains("private", StringComparison.Ordinal));

        var refused = await Pool.RenderAsync(Page(new Uri($"{Site.Bystander}secret")), CancellationToken.None);
        Assert.True(refused.Refused);
        Assert.StartsWith(SsrfGuard.RefusalMessagePrefix, refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, Site.BystanderHits);
    }

    [Fact]
    public async Task A_page_that_never_finishes_loading_hits_the_time_limit_and_the_pool_recovers_from_a_killed_browser()
    {
        var hung = await Pool.RenderAsync(Page(Site.Url("hang")) with { Timeout = TimeSpan.FromSeconds(2) }, CancellationToken.None);
        Assert.True(hung.TimedOut);
        Assert.StartsWith(PageFetcher.TimeoutMessagePrefix, hung.Error, StringComparison.Ordinal);
        Assert.InRange(hung.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));

        var pid = Pool.BrowserProcessId;
        Assert.NotNull(pid);
        System.Diagnostics.Process.GetProcessById(pid.Value).Kill(entireProcessTree: true);
        var after = await Pool.RenderAsync(Page(Site.Url("spa")), CancellationToken.None);
        Assert.True(after.Error is null, after.Error);
        Assert.Contains("Rendered item alpha", after.Html, StringComparison.Ordinal);
        Assert.NotEqual(pid, Pool.BrowserProcessId);
    }

    [Fact]
    public async Task Pages_never_share_cookies_or_storage()
    {
        var first = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=acme")), CancellationToken.None);
        Assert.Contains("Cookies before: []", first.Html, StringComparison.Ordinal);
        var second = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=globex")), CancellationToken.None);
        Assert.True(second.Error is null, second.Error);
        Assert.Contains("Cookies before: []", second.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_of_one_job_share_its_context_and_tab_and_never_another_jobs_or_a_page_alone()
    {
        await using var acme = Pool.OpenSession();
        await using var globex = Pool.OpenSession();
        var first = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=acme")), acme, CancellationToken.None);
        Assert.True(first.Error is null, first.Error);
        Assert.Contains("Cookies before: []", first.Html, StringComparison.Ordinal);
        var second = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=acme-again")), acme, CancellationToken.None);
        Assert.Contains("Cookies before: [tenant=acme]", second.Html, StringComparison.Ordinal);
        Assert.Equal((1, 1), (acme.ContextsOpened, acme.TabsOpened));

        var other = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=globex")), globex, CancellationToken.None);
        Assert.Contains("Cookies before: []", other.Html, StringComparison.Ordinal);
        var alone = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=alone")), CancellationToken.None);
        Assert.Contains("Cookies before: []", alone.Html, StringComparison.Ordinal);
        // A page of the job that takes a screenshot gets a fresh context, not the job's.
        var pictured = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=pictured")) with { Screenshot = new ScreenshotSpec() }, acme, CancellationToken.None);
        Assert.Contains("Cookies before: []", pictured.Html, StringComparison.Ordinal);
        Assert.Equal((1, 1), (acme.ContextsOpened, acme.TabsOpened));

        // A refused page in the job's tab reports its own address, not the tab's previous page's.
        var refused = await Pool.RenderAsync(Page(new Uri($"{Site.Bystander}secret")), acme, CancellationToken.None);
        Assert.True(refused.Refused);
        Assert.Equal(new Uri($"{Site.Bystander}secret"), refused.FinalUrl);

        // Once the job is over its context is gone: a page still rendered with its session gets a fresh one.
        await acme.DisposeAsync();
        var late = await Pool.RenderAsync(Page(Site.Url("cookie?tenant=late")), acme, CancellationToken.None);
        Assert.True(late.Error is null, late.Error);
        Assert.Contains("Cookies before: []", late.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_read_for_its_content_only_fetches_no_images_fonts_or_style_sheets()
    {
        var whole = await Pool.RenderAsync(Page(Site.Url("styled")), CancellationToken.None);
        Assert.True(whole.Error is null, whole.Error);
        Assert.True(Site.Hits("/photo.png") > 0 && Site.Hits("/style.css") > 0, "a full render fetches the image and the style sheet");
        var before = (Site.Hits("/photo.png"), Site.Hits("/style.css"), Site.Hits("/body.woff2"));

        var content = await Pool.RenderAsync(Page(Site.Url("styled")) with { ContentOnly = true }, CancellationToken.None);
        Assert.True(content.Error is null, content.Error);
        Assert.Contains("Styled text", content.Html, StringComparison.Ordinal);
        Assert.Equal(before, (Site.Hits("/photo.png"), Site.Hits("/style.css"), Site.Hits("/body.woff2")));
        Assert.Empty(content.BlockedRequests);
    }

    [Fact]
    public async Task With_a_proxy_rendered_pages_go_through_it_and_their_targets_are_still_checked()
    {
        var asked = new List<string>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var proxy = builder.Build();
        // A forward proxy answers every request itself, naming the target it was asked for (absolute-form request line).
        proxy.Run(async context =>
        {
            var target = $"{context.Request.Host}{context.Request.Path}";
            lock (asked) asked.Add(target);
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync($"<html><body><main><h1>Proxied</h1><p>Served through the proxy for {target}.</p></main></body></html>");
        });
        await proxy.StartAsync();
        var address = new Uri(proxy.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var guard = new SsrfGuard(false, [new IPEndPoint(IPAddress.Loopback, Site.BaseUrl.Port)]);
        await using var pool = new BrowserPool(new RendererOptions { Contexts = 1, Proxy = address }, guard, NullLogger<BrowserPool>.Instance);

        var page = await pool.RenderAsync(Page(Site.Url("spa")), CancellationToken.None);
        Assert.True(page.Error is null, page.Error);
        Assert.Contains($"Served through the proxy for {Site.BaseUrl.Authority}/spa.", page.Html, StringComparison.Ordinal);

        var refused = await pool.RenderAsync(Page(new Uri($"{Site.Bystander}secret")), CancellationToken.None);
        Assert.True(refused.Refused);
        lock (asked) Assert.DoesNotContain(asked, a => a.StartsWith(Site.Bystander.Authority, StringComparison.Ordinal));
    }

    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
