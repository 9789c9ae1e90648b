using System.Diagnostics;
using System.Globalization;
using System.Net;
using ExtractApi.Rendering;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Work;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Rendering benchmark (issue 16), all in one run on a local site (127.0.0.1, a free port):
//  1. rendered pages/s with 1, 2 and 4 browser contexts (a single-page app whose content comes from an API call),
//     each page in a fresh context, then as the pages of one job (its own context and tabs);
//  2. peak memory of this process plus the browser's process tree, sampled from /proc during each run;
//  3. a mixed site (10% script shells): pages/s of the worker's page source in auto mode (fetch, render the shells),
//     once with a fresh browser context per render and once as one job (its pages share the job's context and tabs),
//     against plain HTTP only (fetch every page, shells stay empty), all fetching and converting every page.
// Options: --pages N (rendered pages per context count, default 60), --mixed N (mixed-site pages, default 400),
// --latency MS (server think time per HTML page on the mixed site, default 0; run once with 0 and once with a
// realistic value), --parallel N (pages in flight on the mixed site, default 8 = Scraping:PagesInParallel).
var rendered = Option("--pages", 60);
var mixed = Option("--mixed", 400);
var latency = Option("--latency", 0);
var parallel = Option("--parallel", 8);
var chromium = Environment.GetEnvironmentVariable("CHROMIUM") ?? "/usr/bin/chromium";

await using var site = await BenchmarkSite.StartAsync(latency);
var guard = new SsrfGuard(true);
Console.WriteLine($"Render benchmark: {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, Chromium {chromium}, site {site.BaseUrl}, server latency {latency} ms");

Console.WriteLine();
Console.WriteLine("| contexts | pages | how | pages/s | p50 ms | p95 ms | read before their content came | peak memory (server + browser) |");
Console.WriteLine("|---:|---:|---|---:|---:|---:|---:|---:|");
double? single = null;
foreach (var contexts in new[] { 1, 2, 4 })
{
    await using var pool = new BrowserPool(new RendererOptions { ExecutablePath = chromium, Contexts = contexts }, guard, NullLogger<BrowserPool>.Instance);
    // Warm up: launch the browser and render once, so the launch is not in the figures.
    var warm = await pool.RenderAsync(new RenderRequest(site.Url("shell/0")), CancellationToken.None);
    if (!warm.Succeeded) throw new InvalidOperationException($"warm-up render failed: {warm.Error}");
    // Each page in a fresh context, then the same number as the pages of one job (its context and tabs).
    foreach (var asJob in new[] { false, true })
    {
        await using var job = asJob ? pool.OpenSession() : null;
        using var memory = new MemorySampler(() => pool.BrowserProcessId);
        var times = new List<double>();
        var incomplete = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, rendered), new ParallelOptions { MaxDegreeOfParallelism = contexts }, async (n, ct) =>
        {
            var result = await pool.RenderAsync(new RenderRequest(site.Url($"shell/{n}")), job, ct);
            if (!result.Succeeded) throw new InvalidOperationException($"page {n}: {result.Error}");
            // Under heavy load the API call can outlast the settle limit: the page is then read without its content.
            if (!result.Html.Contains($"Item {n} rendered", StringComparison.Ordinal)) Interlocked.Increment(ref incomplete);
            lock (times) times.Add(result.Elapsed.TotalMilliseconds);
        });
        var rate = rendered / clock.Elapsed.TotalSeconds;
        single ??= rate;
        times.Sort();
        Console.WriteLine($"| {contexts} | {rendered} | {(asJob ? "one job's context" : "fresh context each")} | {rate:0.0} ({rate / single:0.00}×) | " +
            $"{times[times.Count / 2]:0} | {times[(int)(times.Count * 0.95)]:0} | {incomplete} | {memory.PeakMegabytes:0} MB |");
    }
}

Console.WriteLine();
Console.WriteLine($"Mixed site: {mixed} pages, every 10th a script shell, {parallel} pages in flight, 2 contexts");
using var http = new HttpClient(PageFetcher.CreateHandler(guard)) { Timeout = Timeout.InfiniteTimeSpan };
var fetcher = new PageFetcher(http);
await using (var pool = new BrowserPool(new RendererOptions { ExecutablePath = chromium, Contexts = 2 }, guard, NullLogger<BrowserPool>.Instance))
{
    await pool.RenderAsync(new RenderRequest(site.Url("shell/0")), CancellationToken.None);
    var urls = Enumerable.Range(1, mixed).Select(n => site.Url(n % 10 == 0 ? $"shell/{n}" : $"article/{n}")).ToList();
    var options = new FetchOptions();
    async Task<(double Rate, int Full, string Renders)> RunAsync(string mode, bool jobContext = true)
    {
        var renderTimes = new List<double>();
        var cpuBefore = CpuSeconds.Of(pool.BrowserProcessId);
        var source = new PageSource(fetcher, pool, Options.Create(new RenderingSettings { Mode = mode }), NullLogger<PageSource>.Instance);
        var full = 0;
        var clock = Stopwatch.StartNew();
        // One job: its rendered pages share the job's browser context, as in a batch scrape or crawl.
        await using var job = source.ForJob(Guid.NewGuid());
        await Parallel.ForEachAsync(urls, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (url, ct) =>
        {
            var page = jobContext ? await job.GetAsync(url, options, null, ct) : await source.GetAsync(url, options, null, Guid.Empty, ct);
            if (page.Rendered is { } render) lock (renderTimes) renderTimes.Add(render.Elapsed.TotalMilliseconds);
            var converted = PageConverter.Convert(PageDocuments.Decode(page.Response.Body, page.Response.ContentType ?? "text/html"), url, ConversionOptions.Default);
            if (converted.Markdown.Contains("rendered", StringComparison.Ordinal) || converted.Markdown.Contains("paragraph", StringComparison.Ordinal)) Interlocked.Increment(ref full);
        });
        var elapsed = clock.Elapsed;
        var cpu = CpuSeconds.Of(pool.BrowserProcessId) - cpuBefore;
        renderTimes.Sort();
        var renders = renderTimes.Count == 0 ? "–" :
            $"{renderTimes.Count} renders, p50 {renderTimes[renderTimes.Count / 2]:0} ms, p95 {renderTimes[(int)(renderTimes.Count * 0.95)]:0} ms";
        return (urls.Count / elapsed.TotalSeconds, full, $"{renders}; {cpu:0.0} CPU-s (server + browser)");
    }
    await RunAsync("never"); // warm the fetcher and the converter
    var plain = await RunAsync("never");
    var fresh = await RunAsync("auto", jobContext: false);
    var auto = await RunAsync("auto");
    Console.WriteLine();
    Console.WriteLine("| mode | pages/s | pages with their content | ratio | renders; CPU |");
    Console.WriteLine("|---|---:|---:|---:|---|");
    Console.WriteLine($"| plain HTTP only | {plain.Rate:0.0} | {plain.Full}/{mixed} | 1.00× | {plain.Renders} |");
    Console.WriteLine($"| auto, a fresh context per render | {fresh.Rate:0.0} | {fresh.Full}/{mixed} | {fresh.Rate / plain.Rate:0.00}× | {fresh.Renders} |");
    Console.WriteLine($"| auto, the job's context and tabs | {auto.Rate:0.0} | {auto.Full}/{mixed} | {auto.Rate / plain.Rate:0.00}× | {auto.Renders} |");
}
return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>CPU time (user + system) of this process plus the browser's process tree, with the children it has reaped.</summary>
internal static class CpuSeconds
{
    public static double Of(int? browser)
    {
        var ticks = Ticks(Environment.ProcessId);
        if (browser is { } root)
        {
            var parents = ProcessTree.Parents();
            foreach (var pid in parents.Keys.Where(p => ProcessTree.Descends(p, root, parents))) ticks += Ticks(pid);
        }
        return ticks / 100.0; // USER_HZ
    }

    private static long Ticks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime, stime, cutime, cstime are fields 14-17 of stat; here, after pid and comm, indices 11-14.
            return Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The parent of every process, from /proc.</summary>
internal static class ProcessTree
{
    public static Dictionary<int, int> Parents()
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return parents;
    }

    public static bool Descends(int pid, int root, Dictionary<int, int> parents)
    {
        for (var at = pid; at > 1; at = parents.GetValueOrDefault(at))
        {
            if (at == root) return true;
        }
        return false;
    }
}

/// <summary>Peak resident memory of this process plus the browser's whole process tree, sampled every 50 ms.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler(Func<int?> browser)
    {
        _timer = new Timer(_ => Sample(browser()), null, 0, 50);
    }

    public double PeakMegabytes => Interlocked.Read(ref _peak) / 1024.0 / 1024.0;

    private void Sample(int? browser)
    {
        var total = Environment.WorkingSet;
        if (browser is { } root)
        {
            var parents = ProcessTree.Parents();
            foreach (var pid in parents.Keys.Where(p => ProcessTree.Descends(p, root, parents)))
            {
                try
                {
                    var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                    if (line is not null) total += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
                catch (IOException) { }
            }
        }
        long seen;
        while (total > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, total, seen) != seen) { }
    }

    public void Dispose() => _timer.Dispose();
}

/// <summary>The benchmark's site: article pages (their content in the HTML) and single-page-app shells (content from an API call).</summary>
internal sealed class BenchmarkSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchmarkSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<BenchmarkSite> StartAsync(int latencyMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        async Task Think(CancellationToken ct)
        {
            if (latencyMs > 0) await Task.Delay(latencyMs, ct);
        }
        app.MapGet("/article/{n:int}", async (int n, CancellationToken ct) =>
        {
            await Think(ct);
            var paragraphs = string.Concat(Enumerable.Range(1, 12).Select(i =>
                $"<p>This is paragraph {i} of article {n}, with enough words to read like a real page, a comma, and a <a href=\"/article/{n + i}\">link</a>.</p>"));
            return Results.Content($"<!DOCTYPE html><html><head><title>Article {n}</title><script src=\"/analytics.js\" async></script></head>" +
                $"<body><nav><a href=\"/\">Home</a></nav><main><article><h1>Article {n}</h1>{paragraphs}</article></main><footer>Footer</footer></body></html>",
                "text/html; charset=utf-8");
        });
        app.MapGet("/shell/{n:int}", async (int n, CancellationToken ct) =>
        {
            await Think(ct);
            return Results.Content($"<!DOCTYPE html><html><head><title>App {n}</title><script src=\"/bundle.js\" defer></script></head>" +
                $"<body><div id=\"root\" data-item=\"{n}\"></div><noscript>Enable JavaScript.</noscript></body></html>", "text/html; charset=utf-8");
        });
        app.MapGet("/bundle.js", () => Results.Text("""
            const root = document.getElementById('root');
            fetch('/api/' + root.dataset.item).then(r => r.json()).then(d => {
              root.innerHTML = '<main><h1>' + d.title + '</h1>' + d.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</main>';
            });
            """, "text/javascript"));
        app.MapGet("/analytics.js", () => Results.Text("window.analytics = true;", "text/javascript"));
        app.MapGet("/api/{n:int}", (int n) => Results.Json(new
        {
            title = $"Item {n} rendered",
            paragraphs = Enumerable.Range(1, 8).Select(i => $"Item {n} was rendered by its script, paragraph {i}, with some words to read.").ToArray(),
        }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchmarkSite(app) { BaseUrl = new Uri(address.TrimEnd('/') + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
