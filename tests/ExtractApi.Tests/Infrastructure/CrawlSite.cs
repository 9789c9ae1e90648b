using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Tests.Infrastructure;

/// <summary>
/// A small website to crawl, served by the test run on 127.0.0.1 (a free port):
/// <code>
/// /                  home: links to /docs/, /blog/, /private/secret, /private/open, /old, /throttled,
///                    /docs/a?ref=x and ?ref=y, an external site and a mail link
/// /docs/             links to /docs/a, /docs/b, /docs/deep/1
/// /docs/a, /docs/b   link to each other and back home (a loop)
/// /docs/deep/{n}     links to /docs/deep/{n+1} up to 6
/// /blog/             links to /blog/1; /blog/2 is only in the sitemap
/// /old               301 to /docs/moved
/// /throttled         429 with Retry-After: 1 on its first request, then the page
/// /private/*         robots.txt disallows /private/ for ExtractApi but allows /private/open
/// /many/{n}          a chain of 400 pages, each linking to the next two (limit tests)
/// /slow/{n}          the same with 80 pages answering after 50 ms (a crawl to kill mid-way)
/// /sleep?ms=         one page answering after ms milliseconds
/// /mixed             links first to two slow pages on the slow host (/sleep on a second port: another host to the
///                    crawler; 20 s, then 3 s), then to /docs/a, /docs/b and /blog/ here
/// /robots.txt        a '*' group disallowing everything and an ExtractApi group; Sitemap: /sitemap-index.xml
/// /sitemap-index.xml a sitemap index of /sitemap-a.xml and the gzipped /sitemap-b.xml.gz
/// </code>
/// The site counts requests per path and query, and remembers when each came.
/// </summary>
public sealed class CrawlSite : IAsyncDisposable
{
    public const int ManyPages = 400;
    public const int SlowPages = 80;
    public const int SlowPageMs = 50;
    private readonly WebApplication _app;
    private readonly Dictionary<string, List<DateTime>> _hits = [];

    private CrawlSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public int Port => BaseUrl.Port;
    /// <summary>The same site on a second port: another host to the crawler, whose pages are the slow ones.</summary>
    public Uri SlowHost { get; private set; } = null!;
    public const int SlowHostPageMs = 3_000;

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Requests for a path (with its query), e.g. <c>/docs/a?ref=x</c>.</summary>
    public int Hits(string pathAndQuery) { lock (_hits) return _hits.GetValueOrDefault(pathAndQuery)?.Count ?? 0; }

    public IReadOnlyList<DateTime> HitTimes(string pathAndQuery) { lock (_hits) return [.. _hits.GetValueOrDefault(pathAndQuery) ?? []]; }

    public void ResetHits() { lock (_hits) _hits.Clear(); }

    public static async Task<CrawlSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var site = new CrawlSite(app);
        app.Use(async (context, next) =>
        {
            var key = context.Request.Path + context.Request.QueryString;
            lock (site._hits)
            {
                if (!site._hits.TryGetValue(key, out var times)) site._hits[key] = times = [];
                times.Add(DateTime.UtcNow);
            }
            await next(context);
        });

        app.MapGet("/", () => Html("Home", "/docs/", "/blog/", "/private/secret", "/private/open", "/old", "/throttled",
            "/docs/a?ref=x", "/docs/a?ref=y", "https://external.invalid/page", "mailto:someone@example.com"));
        app.MapGet("/docs/", () => Html("Docs", "/docs/a", "/docs/b", "/docs/deep/1"));
        app.MapGet("/docs/a", () => Html("Doc A", "/docs/b", "/"));
        app.MapGet("/docs/b", () => Html("Doc B", "/docs/a", "/"));
        app.MapGet("/docs/deep/{n:int}", (int n) => Html($"Deep {n}", n < 6 ? [$"/docs/deep/{n + 1}"] : []));
        app.MapGet("/docs/moved", () => Html("Moved here"));
        app.MapGet("/docs/orphan-{n:int}", (int n) => Html($"Orphan {n}"));
        app.MapGet("/blog/", () => Html("Blog", "/blog/1"));
        app.MapGet("/blog/{n:int}", (int n) => Html($"Post {n}", "/blog/"));
        app.MapGet("/old", () => Results.Redirect("/docs/moved", permanent: true));
        app.MapGet("/private/{name}", (string name) => Html($"Private {name}"));
        app.MapGet("/throttled", (HttpContext context) =>
        {
            if (site.Hits("/throttled") <= 1)
            {
                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(429);
            }
            return Html("Throttled, then served");
        });
        app.MapGet("/many/{n:int}", (int n) => Html($"Many {n}",
            Enumerable.Range(n + 1, 2).Where(next => next < ManyPages).Select(next => $"/many/{next}").ToArray()));
        app.MapGet("/slow/{n:int}", async (int n, CancellationToken ct) =>
        {
            await Task.Delay(SlowPageMs, ct);
            return Html($"Slow {n}", Enumerable.Range(n + 1, 2).Where(next => next < SlowPages).Select(next => $"/slow/{next}").ToArray());
        });
        app.MapGet("/sleep", async (int ms, CancellationToken ct) =>
        {
            await Task.Delay(ms, ct);
            return Html($"Slept {ms} ms");
        });
        app.MapGet("/mixed", () => Html("Mixed", $"{site.SlowHost}sleep?ms=20000", $"{site.SlowHost}sleep?ms={SlowHostPageMs}",
            "/docs/a", "/docs/b", "/blog/"));
        app.MapGet("/robots.txt", () => Results.Text($"""
            # Everyone else: stay out.
            User-agent: *
            Disallow: /

            User-agent: SomeOtherBot
            User-agent: ExtractApi
            Disallow: /private/
            Allow: /private/open

            Sitemap: {site.Url("/sitemap-index.xml")}
            """, "text/plain"));
        app.MapGet("/sitemap-index.xml", () => Results.Text($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>{site.Url("/sitemap-a.xml")}</loc></sitemap>
              <sitemap><loc>{site.Url("/sitemap-b.xml.gz")}</loc></sitemap>
            </sitemapindex>
            """, "application/xml"));
        app.MapGet("/sitemap-a.xml", () => Results.Text(UrlSet(site, "/docs/orphan-1", "/blog/2"), "application/xml"));
        app.MapGet("/sitemap-b.xml.gz", () =>
        {
            using var buffer = new MemoryStream();
            using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(UrlSet(site, "/docs/orphan-2")));
            return Results.Bytes(buffer.ToArray(), "application/gzip");
        });

        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        site.BaseUrl = new Uri(addresses[0].TrimEnd('/') + "/");
        site.SlowHost = new Uri(addresses[1].TrimEnd('/') + "/");
        return site;
    }

    private static string UrlSet(CrawlSite site, params string[] paths) =>
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        + string.Concat(paths.Select(p => $"<url><loc>{site.Url(p)}</loc></url>")) + "</urlset>";

    private static IResult Html(string title, params string[] links) => Results.Content($"""
        <!DOCTYPE html><html lang="en"><head><title>{title}</title><meta name="description" content="About {title}"></head>
        <body><nav>{string.Concat(links.Select(l => $"<a href=\"{l}\">{l}</a> "))}</nav><main><h1>{title}</h1><p>Text of {title}.</p></main></body></html>
        """, "text/html; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>The server with its worker running, beside a <see cref="CrawlSite"/> whose endpoint is allowed.</summary>
public class CrawlSiteApiFactory : ApiFactory
{
    public CrawlSite Site { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Site = await CrawlSite.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Server:Role", "all");
        builder.UseSetting("Scraping:AllowedPrivateEndpoints:0", $"127.0.0.1:{Site.Port}");
        builder.UseSetting("Scraping:AllowedPrivateEndpoints:1", $"127.0.0.1:{Site.SlowHost.Port}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Site.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
