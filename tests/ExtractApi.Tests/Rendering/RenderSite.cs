using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Tests.Rendering;

/// <summary>
/// Pages that need a browser, served on 127.0.0.1 (a free port): a single-page app that builds its content from an
/// API call, text that appears late, a button that reveals text, an endless feed that grows as it is scrolled, a page
/// that never finishes loading, a page that crashes its tab, a page whose
/// script reaches for other addresses, a page that remembers a cookie, a page with an image, style sheet and font. A second server (<see cref="Bystander"/>)
/// stands for another local service the pages must never reach; it counts what reaches it.
/// </summary>
public sealed class RenderSite : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private readonly Dictionary<string, int> _hits = [];
    private int _bystanderHits;

    public Uri BaseUrl { get; private set; } = null!;
    public Uri Bystander { get; private set; } = null!;
    public List<string> BystanderPaths { get; } = [];
    public int BystanderHits => Volatile.Read(ref _bystanderHits);

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>How many requests the site (not the bystander) answered for <paramref name="path"/>.</summary>
    public int Hits(string path)
    {
        lock (_hits) return _hits.GetValueOrDefault(path);
    }

    public static async Task<RenderSite> StartAsync()
    {
        var site = new RenderSite();
        var bystander = Create();
        bystander.Run(async context =>
        {
            Interlocked.Increment(ref site._bystanderHits);
            lock (site.BystanderPaths) site.BystanderPaths.Add(context.Request.Path);
            context.Response.Headers.AccessControlAllowOrigin = "*";
            await context.Response.WriteAsync("internal secret");
        });
        site.Bystander = await site.StartAsync(bystander);

        var app = Create();
        app.Use(async (context, next) =>
        {
            lock (site._hits) site._hits[context.Request.Path] = site._hits.GetValueOrDefault(context.Request.Path) + 1;
            await next(context);
        });
        app.MapGet("/spa", () => Html("""
            <!DOCTYPE html><html><head><title>Shop app</title><script src="/bundle.js" defer></script></head>
            <body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>
            """));
        app.MapGet("/bundle.js", () => Results.Text("""
            fetch('/api/items').then(r => r.json()).then(items => {
              const root = document.getElementById('root');
              root.innerHTML = '<main><h1>Catalogue</h1>' + items.map(i => '<p>' + i + '</p>').join('') + '</main>';
            });
            """, "text/javascript"));
        app.MapGet("/api/items", () => Results.Json(new[] { "Rendered item alpha, a kettle of steel.", "Rendered item beta, a mug of enamel." }));
        app.MapGet("/late", () => Html("""
            <html><head><title>Late</title></head><body><main><h1>Late news</h1><p>Always here.</p><div id="late"></div></main>
            <script>setTimeout(() => { document.getElementById('late').innerHTML = '<p>Late paragraph ' + 'arrived.</p>'; }, 1200);</script></body></html>
            """));
        app.MapGet("/reveal", () => Html("""
            <html><head><title>Reveal</title></head><body><main><h1>Reveal</h1><button id="show">Show</button><div id="answer"></div></main>
            <script>document.getElementById('show').addEventListener('click', () => {
              document.getElementById('answer').textContent = 'The secret answer is ' + 'forty-two.'; });</script></body></html>
            """));
        app.MapGet("/colour", () => Html("""
            <html><head><title>Colour</title><style>body { background: rgb(0, 128, 255); margin: 0 }</style></head>
            <body><main><h1>Blue page</h1><div style="height: 3000px"></div></main></body></html>
            """));
        app.MapGet("/reach", (HttpRequest request) => Html($$"""
            <html><head><title>Reach</title></head><body><main><h1>Reach</h1><p id="out">waiting</p></main>
            <script>
              const out = document.getElementById('out');
              const tries = [
                fetch('{{site.Bystander}}secret').then(r => r.text()),
                fetch('http://10.255.255.1/admin').then(r => r.text()),
                new Promise((resolve, reject) => { const ws = new WebSocket('ws://{{site.Bystander.Authority}}/socket');
                  ws.onopen = () => resolve('socket open'); ws.onerror = () => reject(new Error('socket refused')); }),
              ];
              Promise.allSettled(tries).then(results => { out.textContent = results.map(r => r.status).join(','); });
            </script>
            <img src="{{site.Bystander}}pixel.png"></body></html>
            """));
        app.MapGet("/hang", async (HttpResponse response, CancellationToken cancellationToken) =>
        {
            response.ContentType = "text/html";
            await response.WriteAsync("<html><head><title>Hang</title></head><body><p>Loading forever", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(2), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The browser gave up on the page.
            }
        });
        // An endless feed: five items at first, five more each time the reader scrolls near the bottom.
        app.MapGet("/feed", () => Html("""
            <html><head><title>Feed</title><style>.item { height: 300px }</style></head><body><main><h1>Feed</h1><div id="items"></div></main>
            <script>
              const items = document.getElementById('items');
              let batch = 0, loading = false;
              function more() {
                loading = true;
                return fetch('/api/feed?batch=' + (++batch)).then(r => r.json()).then(names => {
                  for (const name of names) { const p = document.createElement('p'); p.className = 'item'; p.textContent = name; items.appendChild(p); }
                  loading = false;
                });
              }
              more();
              addEventListener('scroll', () => {
                if (!loading && innerHeight + scrollY >= document.body.scrollHeight - 1000) more();
              });
            </script></body></html>
            """));
        app.MapGet("/api/feed", (int batch) => Results.Json(Enumerable.Range((batch - 1) * 5 + 1, 5).Select(i => $"Feed story number {i}.").ToArray()));
        // A page whose script eats memory until its renderer dies (the V8 heap limit), crashing the tab.
        app.MapGet("/crash", () => Html("""
            <html><head><title>Crash</title></head><body><p>About to crash.</p>
            <script>const hoard = []; for (;;) hoard.push(new Array(1e6).fill(hoard.length));</script></body></html>
            """));
        app.MapGet("/cookie", () => Html("""
            <html><head><title>Cookie</title></head><body><main><h1>Cookie</h1><p id="seen"></p></main>
            <script>
              document.getElementById('seen').textContent = 'Cookies before: [' + document.cookie + ']';
              document.cookie = 'tenant=' + new URLSearchParams(location.search).get('tenant') + '; max-age=3600; path=/';
              localStorage.setItem('tenant', new URLSearchParams(location.search).get('tenant'));
            </script></body></html>
            """));
        // A page with an image, a style sheet and a font: a render for the content alone fetches none of them.
        app.MapGet("/styled", () => Html("""
            <html><head><title>Styled</title><link rel="stylesheet" href="/style.css"></head>
            <body><main><h1>Styled</h1><p id="text">Styled text</p><img src="/photo.png" alt="photo"></main></body></html>
            """));
        app.MapGet("/style.css", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return Results.Text("@font-face { font-family: Body; src: url(/body.woff2); } body { font-family: Body; }", "text/css");
        });
        app.MapGet("/photo.png", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return Results.Bytes(Convert.FromBase64String(OnePixelPng), "image/png");
        });
        site.BaseUrl = await site.StartAsync(app);
        return site;
    }

    private static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    private async Task<Uri> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        _apps.Add(app);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.TrimEnd('/') + "/");
    }

    private const string OnePixelPng = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
