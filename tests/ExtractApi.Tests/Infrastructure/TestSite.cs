using System.Globalization;
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
/// A small website served by the test run on 127.0.0.1 (a free port): pages with links, a 404, a slow page,
/// redirect chains, a redirect to another local server, a huge page, a gzip page, a PDF, flaky pages.
/// </summary>
public sealed class TestSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, int> _hits = [];

    private TestSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public int Port => BaseUrl.Port;
    /// <summary>Where <c>/to-elsewhere</c> redirects (set by the test, e.g. to a server that must be refused).</summary>
    public Uri? RedirectTarget { get; set; }
    public static byte[] PdfBytes { get; set; } = [];
    /// <summary>Webhook deliveries received at <c>/hooks</c>: the body and the signature header.</summary>
    public List<(string Body, string? Signature)> Hooks { get; } = [];

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>The price <c>/changing</c> shows (a page the test edits between scrapes); <c>/changing</c> is a 404 while null.</summary>
    public string? ChangingPrice { get; set; } = "10.00";

    public int Hits(string path) { lock (_hits) return _hits.GetValueOrDefault(path); }

    public static async Task<TestSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var site = new TestSite(app);
        app.Use(async (context, next) =>
        {
            lock (site._hits) site._hits[context.Request.Path] = site._hits.GetValueOrDefault(context.Request.Path) + 1;
            await next(context);
        });

        app.MapGet("/pages/{n:int}", (int n) => Results.Content(Page(n), "text/html; charset=utf-8"));
        app.MapGet("/missing", () => Results.Content("<html><head><title>Not here</title></head><body><h1>404</h1></body></html>", "text/html", statusCode: 404));
        app.MapGet("/slow", async (int ms, CancellationToken ct) =>
        {
            await Task.Delay(ms, ct);
            return Results.Content(Page(999), "text/html");
        });
        app.MapGet("/redirect/{n:int}", (int n) => Results.Redirect(n <= 0 ? "/pages/1" : $"/redirect/{n - 1}"));
        app.MapGet("/to-elsewhere", () => Results.Redirect(site.RedirectTarget!.ToString()));
        app.MapGet("/huge", async (HttpResponse response, CancellationToken ct) =>
        {
            response.ContentType = "text/html";
            var chunk = Encoding.UTF8.GetBytes("<p>" + new string('x', 8188) + "</p>\n");
            try
            {
                for (var i = 0; i < 4096; i++) await response.Body.WriteAsync(chunk, ct); // 32 MB unless the client stops reading
            }
            catch (OperationCanceledException) { }
            catch (IOException) { }
        });
        app.MapGet("/gzip", async (HttpResponse response) =>
        {
            response.ContentType = "text/html";
            response.Headers.ContentEncoding = "gzip";
            await using var gzip = new GZipStream(response.Body, CompressionLevel.Fastest, leaveOpen: true);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Page(7)));
        });
        app.MapGet("/doc.pdf", () => Results.Bytes(PdfBytes, "application/pdf"));
        app.MapGet("/flaky/{id}", (string id, HttpContext context) =>
            site.Hits(context.Request.Path) <= 2 ? Results.StatusCode(503) : Results.Content(Page(3), "text/html"));
        app.MapGet("/changing", () => site.ChangingPrice is { } price
            ? Results.Content($"<html><head><title>Offer</title></head><body><main><h1>Today's offer</h1><p>Price: {price} EUR</p><p>Order by phone.</p></main></body></html>", "text/html")
            : Results.Content("<html><head><title>Gone</title></head><body><h1>Gone</h1></body></html>", "text/html", statusCode: 404));
        app.MapPost("/changing", (string? price) => site.ChangingPrice = string.IsNullOrEmpty(price) ? null : price);
        app.MapGet("/text", () => Results.Text("plain words\nsecond line", "text/plain"));
        // A page in windows-1252 that says so only in its markup, served without a charset as plain static servers do.
        app.MapGet("/windows-1252", () => Results.Bytes(CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes("""
            <html><head><meta charset="windows-1252"><title>Crème brûlée – “classic”</title></head>
            <body><main><h1>Crème brûlée – “classic”</h1><p>Price: 5,50 €</p></main></body></html>
            """), "text/html"));
        app.MapGet("/product", () => Results.Content("""
            <html lang="en"><head><title>Kettle K-200 | Shop</title>
            <meta property="og:title" content="Kettle K-200">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Kettle K-200","sku":"K-200",
              "offers":{"@type":"Offer","price":"39.90","priceCurrency":"EUR","availability":"https://schema.org/InStock"}}</script></head>
            <body><main><h1>Kettle K-200</h1><table><tr><th>Capacity</th><td>1.7 l</td></tr><tr><th>Weight</th><td>1,250 g</td></tr></table>
            <p>Brand: Acme</p></main></body></html>
            """, "text/html"));
        app.MapGet("/team", () => Results.Content("""
            <html><head><title>Team</title></head><body><main><h1>Engineering team</h1>
            <table><thead><tr><th>Name</th><th>Role</th></tr></thead><tbody>
            <tr><td>Ada Lovelace</td><td>Engineer</td></tr><tr><td>Grace Hopper</td><td>Admiral</td></tr><tr><td>Alan Turing</td><td>Researcher</td></tr>
            </tbody></table></main></body></html>
            """, "text/html"));
        // A small shop: product pages (each with cards of related products) and a listing whose cards have no telling class names.
        app.MapGet("/shop/p/{n:int}", (int n) => Results.Content(ShopProductPage(n), "text/html"));
        app.MapGet("/shop/list", () => Results.Content(ShopListing(), "text/html"));
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (site.Hooks) site.Hooks.Add((body, request.Headers["X-ExtractApi-Signature"].ToString()));
            return Results.Ok();
        });
        app.MapGet("/big/{n:int}", (int n) => Results.Content(
            $"<html><head><title>Big {n}</title></head><body><main><h1>Big {n}</h1><p>{new string('y', 3_000_000)}</p></main></body></html>", "text/html"));
        app.MapGet("/json", () => Results.Json(new { hello = "world" }));
        app.MapGet("/hostile/links/{n:int}", (int n) =>
        {
            // n links side by side: linear work per link, but far too much of it for a small per-page time bound.
            var page = new StringBuilder(n * 24 + 64).Append("<html><head><title>Links</title></head><body>");
            for (var i = 0; i < n; i++) page.Append("<a href=/p").Append(i).Append(">l</a>");
            return Results.Content(page.Append("</body></html>").ToString(), "text/html");
        });
        app.MapGet("/gallery", () => Results.Content("""
            <html><head><title>Gallery</title></head><body><main><h1>Gallery</h1><p>Three pictures of kettles.</p>
            <img src="/img/kettle.jpg" alt="A steel kettle"><img src="data:image/gif;base64,R0lGOD" data-src="img/lazy.png" alt="Lazy kettle">
            <img src="https://cdn.example.com/kettle-2.webp"><img src="/img/kettle.jpg" alt="again">
            <img src="/pixel.gif" width="1" height="1" alt=""><picture><img srcset="/img/small.jpg 480w, /img/large.jpg 1024w" alt="Sized"></picture>
            </main></body></html>
            """, "text/html"));
        app.MapGet("/image.png", () => Results.Bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        site.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return site;
    }

    /// <summary>A page with a head full of metadata and links to its neighbours.</summary>
    private static readonly (string Name, decimal Price)[] ShopProducts =
        [("Enamel Camp Mug", 14.00m), ("Pour-over Kettle", 42.50m), ("Burr Grinder", 89.00m), ("Glass Carafe", 24.90m), ("Travel Tumbler", 19.95m)];

    public static string ShopProductPage(int n)
    {
        var (name, price) = ShopProducts[(n - 1) % ShopProducts.Length];
        var related = string.Concat(ShopProducts.Where(p => p.Name != name).Select((p, i) =>
            $"<div><a href=\"/shop/p/{i + 1}\"><span>{p.Name}</span></a><span>${p.Price.ToString("0.00", CultureInfo.InvariantCulture)}</span></div>"));
        var shown = price.ToString("0.00", CultureInfo.InvariantCulture);
        return $$$"""
            <html><head><title>{{{name}}} | Shop</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"{{{name}}}",
              "offers":{"@type":"Offer","price":"{{{shown}}}","priceCurrency":"USD"}}</script></head>
            <body><main><h1>{{{name}}}</h1><p>${{{shown}}}</p>
            <section><h2>Customers also bought</h2>{{{related}}}</section></main></body></html>
            """;
    }

    public static string ShopListing()
    {
        var cards = string.Concat(ShopProducts.Select((p, i) =>
            $"<li><div><a href=\"/shop/p/{i + 1}\"><img src=\"/img/{i + 1}.jpg\" alt=\"\"></a></div><h3><a href=\"/shop/p/{i + 1}\">{p.Name}</a></h3>" +
            $"<div><span>${p.Price.ToString("0.00", CultureInfo.InvariantCulture)}</span><button>Add to basket</button></div></li>"));
        return $"""
            <html><head><title>All products | Shop</title></head><body>
            <nav><ul><li><a href="/">Home</a></li><li><a href="/shop/list">Shop</a></li><li><a href="/about">About us</a></li></ul></nav>
            <main><h1>All products</h1><ul>{cards}</ul></main></body></html>
            """;
    }

    public static string Page(int n) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>Page {{n}}</title>
          <meta name="description" content="Description of page {{n}}">
          <meta property="og:title" content="OG page {{n}}">
          <link rel="canonical" href="/pages/{{n}}">
          <style>body { color: red }</style>
          <script>var tracking = true;</script>
        </head>
        <body>
          <nav><a href="/pages/0">Home</a> <a href="/pages/{{n + 1}}">Next</a></nav>
          <main>
            <h1>Page {{n}}</h1>
            <p>This is <strong>page {{n}}</strong> of the test site, with a <a href="/pages/{{n + 1}}#top">link</a>.</p>
            <ul><li>one</li><li>two</li></ul>
          </main>
          <footer>Footer text</footer>
        </body>
        </html>
        """;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
