using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ExtractApi.Jobs.Database;
using Microsoft.Extensions.Logging.Abstractions;

// End-to-end scraping throughput: a batch of N pages of ~50 KB served by a local site, scraped by the real server
// process (API + worker), timed from create to completed, with the server's peak memory (VmHWM).
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.ScrapeBenchmarks [-- --pages 2000 --parallel 16]
// With --hostile N: afterwards a batch of N hostile pages (issue 18: a 9 MB page of 400,000 links, lists, divs and
// blockquotes nested 40,000-100,000 deep, a table of 200,000 cells) through the same server, with its peak and resident
// memory after the ordinary batch, after the hostile one, and once the server has been idle for 15 s.
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
var pageCount = Option("pages", 2000);
var hostileCount = Option("hostile", 0);
var parallel = Option("parallel", 16);

var root = Path.Combine(Path.GetTempPath(), $"extractapi-scrapebench-{Environment.ProcessId}");
await using var postgres = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
var connectionString = await postgres.EnsureDatabaseAsync("scrapebench");

// The site: every page distinct, ~50 KB of article markup with nav, footer, links, a table and code.
var site = WebApplication.CreateSlimBuilder();
var sitePort = BenchmarkServer.FreePort();
site.WebHost.UseUrls($"http://127.0.0.1:{sitePort}");
site.Logging.ClearProviders();
var siteApp = site.Build();
siteApp.MapGet("/p/{n:int}", (int n) => Results.Content(Page(n), "text/html; charset=utf-8"));
string[] hostileKinds = ["links", "lists", "divs", "quotes", "cells"];
var hostilePages = hostileKinds.ToDictionary(k => k, HostilePage);
siteApp.MapGet("/h/{kind}/{n:int}", (string kind, int n) => Results.Content(hostilePages[kind], "text/html; charset=utf-8"));
await siteApp.StartAsync();

using var server = await BenchmarkServer.StartAsync(connectionString, sitePort, new Dictionary<string, string>
{
    ["Scraping__PagesInParallel"] = parallel.ToString(CultureInfo.InvariantCulture),
});
var http = server.Http;

var urls = Enumerable.Range(0, pageCount).Select(i => $"http://127.0.0.1:{sitePort}/p/{i}").ToArray();
var pageBytes = Encoding.UTF8.GetByteCount(Page(1));
var (completed, elapsed) = await RunBatchAsync(urls);
var peakMb = server.PeakMegabytes();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Scraped {completed} of {pageCount} pages of {pageBytes / 1024.0:0.0} KB in {elapsed.TotalSeconds:0.00} s: {completed / elapsed.TotalSeconds:0.0} pages/s, " +
    $"{completed * (double)pageBytes / 1_048_576 / elapsed.TotalSeconds:0.0} MB/s of HTML; server peak memory {peakMb:0} MB " +
    $"({parallel} pages in parallel, {Environment.ProcessorCount} cores, site and PostgreSQL on the same machine)"));

if (hostileCount > 0)
{
    var hostileUrls = Enumerable.Range(0, hostileCount).Select(i => $"http://127.0.0.1:{sitePort}/h/{hostileKinds[i % hostileKinds.Length]}/{i}").ToArray();
    var (hostileDone, hostileElapsed) = await RunBatchAsync(hostileUrls);
    var hostilePeak = server.PeakMegabytes();
    var afterRun = server.ResidentMegabytes();
    await Task.Delay(TimeSpan.FromSeconds(15));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Hostile: {hostileDone} of {hostileCount} pages converted in {hostileElapsed.TotalSeconds:0.0} s (the others failed on their own); " +
        $"server peak memory {peakMb:0} MB after the ordinary batch, {hostilePeak:0} MB after the hostile one ({hostilePeak / peakMb:0.0}x); " +
        $"resident {afterRun:0} MB at its end, {server.ResidentMegabytes():0} MB after 15 s idle"));
}

async Task<(int Completed, TimeSpan Elapsed)> RunBatchAsync(string[] batch)
{
    var clock = Stopwatch.StartNew();
    var created = await http.PostAsync("/v1/batch/scrape", new StringContent(JsonSerializer.Serialize(new { urls = batch, formats = new[] { "markdown", "links" } }), Encoding.UTF8, "application/json"));
    var createdBody = await created.Content.ReadAsStringAsync();
    if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Create failed: {(int)created.StatusCode} {createdBody}");
    var id = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetString();
    while (true)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync($"/v1/batch/scrape/{id}?limit=1"));
        var done = status.RootElement.GetProperty("completed").GetInt32();
        if (status.RootElement.GetProperty("status").GetString() is "completed" or "failed") return (done, clock.Elapsed);
        await Task.Delay(200);
    }
}

server.Dispose();
await siteApp.StopAsync();
await postgres.StopAsync("immediate");
try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }

static string HostilePage(string kind)
{
    static string Repeat(string unit, int times) => new StringBuilder(unit.Length * times).Insert(0, unit, times).ToString();
    var body = kind switch
    {
        "links" => string.Concat(Enumerable.Range(0, 400_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"<a href=/p{i}>l</a>"))),
        "lists" => Repeat("<ul><li>item", 40_000),
        "divs" => Repeat("<div>", 100_000) + "deep text" + Repeat("</div>", 100_000),
        "quotes" => Repeat("<blockquote>quote", 100_000),
        _ => "<table>" + Repeat("<tr><td>a<td>b<td>c<td>d", 50_000) + "</table>",
    };
    return "<html><head><title>Hostile</title></head><body>" + body + "</body></html>";
}

static string Page(int n)
{
    var body = new StringBuilder();
    body.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Article {n}</title>");
    body.Append(CultureInfo.InvariantCulture, $"<meta name=\"description\" content=\"Benchmark article number {n}\"><meta property=\"og:title\" content=\"Article {n}\">");
    body.Append("<style>body{font-family:sans-serif}</style><script>window.analytics={};</script></head><body>");
    body.Append("<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/about\">About</a></li></ul></nav><main><article>");
    body.Append(CultureInfo.InvariantCulture, $"<h1>Article {n}: the state of things</h1>");
    for (var s = 0; body.Length < 48_000; s++)
    {
        body.Append(CultureInfo.InvariantCulture, $"<h2>Section {s}</h2><p>Paragraph {s} of article {n} has <strong>bold</strong>, <em>italic</em> and a <a href=\"/p/{(n + s) % 1000}\">related link</a>. ");
        body.Append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris.</p>");
        if (s % 3 == 0) body.Append("<ul><li>First point</li><li>Second point with <code>code</code></li><li>Third point</li></ul>");
        if (s % 5 == 0) body.Append("<table><thead><tr><th>Name</th><th>Value</th></tr></thead><tbody><tr><td>alpha</td><td>1</td></tr><tr><td>beta</td><td>2</td></tr></tbody></table>");
        if (s % 7 == 0) body.Append("<pre><code class=\"language-csharp\">var x = 42;\nConsole.WriteLine(x);</code></pre>");
    }
    body.Append("</article></main><footer><p>Copyright. <a href=\"/privacy\">Privacy</a></p></footer></body></html>");
    return body.ToString();
}
