using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ExtractApi.Jobs.Crawling;
using ExtractApi.Jobs.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Crawl throughput end to end, against the batch scrape of the same pages measured in the same run: a local site of
// N linked pages (~12 KB each), crawled by the real server process (API + worker) from its first page with limit N
// and politeness off, timed from create to completed; then the same N URLs as one batch scrape. Prints pages/s of
// both, their ratio and the server's peak memory (VmHWM). Then the frontier alone at --frontier discovered URLs:
// the time of a claim at the start and once 90 % are done, and the admission state's memory.
// Usage: dotnet run -c Release --project benchmarks/ExtractApi.CrawlBenchmarks [-- --pages 10000 --parallel 16 --frontier 100000]
int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, "--" + name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}
var pageCount = Option("pages", 10_000);
var parallel = Option("parallel", 16);
var frontierSize = Option("frontier", 100_000);

var root = Path.Combine(Path.GetTempPath(), $"extractapi-crawlbench-{Environment.ProcessId}");
await using var postgres = await LocalPostgres.StartAsync(root, durable: true, NullLogger.Instance);
var connectionString = await postgres.EnsureDatabaseAsync("crawlbench");

// The site: page n links to 2n+1 and 2n+2 (a tree reaching every page) and to a few earlier pages (found again, deduped).
var site = WebApplication.CreateSlimBuilder();
var sitePort = BenchmarkServer.FreePort();
site.WebHost.UseUrls($"http://127.0.0.1:{sitePort}");
site.Logging.ClearProviders();
var siteApp = site.Build();
siteApp.MapGet("/c/{n:int}", (int n) => Results.Content(Page(n, pageCount), "text/html; charset=utf-8"));
siteApp.MapGet("/robots.txt", () => Results.Text("User-agent: *\nAllow: /\n"));
await siteApp.StartAsync();

using var server = await BenchmarkServer.StartAsync(connectionString, sitePort, new Dictionary<string, string>
{
    ["Scraping__PagesInParallel"] = parallel.ToString(CultureInfo.InvariantCulture),
});
var http = server.Http;
var pageBytes = Encoding.UTF8.GetByteCount(Page(1, pageCount));

var crawl = await TimeJobAsync("/v2/crawl", new
{
    url = $"http://127.0.0.1:{sitePort}/c/0",
    limit = pageCount,
    crawlEntireDomain = true,
    sitemap = "skip",
    maxConcurrency = parallel,
    scrapeOptions = new { formats = new[] { "markdown", "links" } },
});
var batch = await TimeJobAsync("/v1/batch/scrape", new
{
    urls = Enumerable.Range(0, pageCount).Select(i => $"http://127.0.0.1:{sitePort}/c/{i}").ToArray(),
    formats = new[] { "markdown", "links" },
});
var peakMb = server.PeakMegabytes();
server.Dispose();
await siteApp.StopAsync();

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Crawl: {crawl.Completed} of {pageCount} pages of {pageBytes / 1024.0:0.0} KB in {crawl.Elapsed.TotalSeconds:0.00} s: {crawl.Completed / crawl.Elapsed.TotalSeconds:0.0} pages/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Batch scrape of the same URLs (baseline): {batch.Completed} pages in {batch.Elapsed.TotalSeconds:0.00} s: {batch.Completed / batch.Elapsed.TotalSeconds:0.0} pages/s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Crawl / batch: {crawl.Completed / crawl.Elapsed.TotalSeconds / (batch.Completed / batch.Elapsed.TotalSeconds):0.00}x; server peak memory {peakMb:0} MB " +
    $"({parallel} pages in parallel, {Environment.ProcessorCount} cores, site and PostgreSQL on the same machine)"));

await FrontierAsync(connectionString, frontierSize);
await postgres.StopAsync("immediate");
try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }

async Task<(int Completed, TimeSpan Elapsed)> TimeJobAsync(string route, object body)
{
    var clock = Stopwatch.StartNew();
    var created = await http.PostAsync(route, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
    var createdBody = await created.Content.ReadAsStringAsync();
    if (!created.IsSuccessStatusCode) throw new InvalidOperationException($"Create failed: {(int)created.StatusCode} {createdBody}");
    var id = JsonDocument.Parse(createdBody).RootElement.GetProperty("id").GetString();
    while (true)
    {
        using var status = JsonDocument.Parse(await http.GetStringAsync($"{route}/{id}?limit=1"));
        if (status.RootElement.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
        {
            return (status.RootElement.GetProperty("completed").GetInt32(), clock.Elapsed);
        }
        await Task.Delay(200);
    }
}

// The frontier alone: one crawl job row, N URLs admitted in batches of 100 (as pages would find them), then claims
// timed at the start and after 90 % were marked done; the statements are the worker's own (CrawlFrontier).
static async Task FrontierAsync(string connectionString, int size)
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    var jobId = Guid.NewGuid();
    await using (var insertJob = dataSource.CreateCommand("""
        INSERT INTO jobs (id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used, attempts, max_attempts,
            run_after, cancel_requested, created_at, updated_at)
        VALUES ($1, 'bench', 'bench', 'firecrawl', 'crawl', 'cancelled', '{}', 0, 0, 0, 0, 1, now(), false, now(), now())
        """))
    {
        insertJob.Parameters.AddWithValue(jobId);
        await insertJob.ExecuteNonQueryAsync();
    }
    var frontier = new CrawlFrontier(dataSource);
    var before = GC.GetTotalMemory(true);
    var admission = await frontier.LoadAsync(jobId, size, CancellationToken.None);
    var clock = Stopwatch.StartNew();
    for (var from = 0; from < size; from += 100)
    {
        var admitted = admission.Admit(Enumerable.Range(from, Math.Min(100, size - from))
            .Select(n => new FrontierCandidate($"https://site.example/page/{n}", $"//site.example/page/{n}", 1)));
        await RunAsync(dataSource, [CrawlFrontier.Insert(jobId, admitted)]);
    }
    var admitTime = clock.Elapsed;
    var admissionBytes = GC.GetTotalMemory(true) - before;
    GC.KeepAlive(admission);
    var early = await TimeClaimsAsync(frontier, jobId);
    await using (var done = dataSource.CreateCommand("UPDATE crawl_urls SET state = 'done' WHERE job_id = $1 AND ordinal < $2"))
    {
        done.Parameters.AddWithValue(jobId);
        done.Parameters.AddWithValue(size * 9 / 10);
        await done.ExecuteNonQueryAsync();
    }
    await using (var analyze = dataSource.CreateCommand("VACUUM ANALYZE crawl_urls")) await analyze.ExecuteNonQueryAsync();
    var late = await TimeClaimsAsync(frontier, jobId);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Frontier of {size} URLs: admitted in {admitTime.TotalSeconds:0.00} s ({size / admitTime.TotalSeconds:0} URLs/s); claim of 16 " +
        $"(16 in flight) {early.TotalMilliseconds:0.000} ms at the start, {late.TotalMilliseconds:0.000} ms with 90 % done ({late / early:0.00}x); " +
        $"admission state {admissionBytes / 1_048_576.0:0.0} MB"));
}

static async Task<TimeSpan> TimeClaimsAsync(CrawlFrontier frontier, Guid jobId)
{
    var inFlight = Enumerable.Range(0, 16).ToArray();
    for (var i = 0; i < 20; i++) await frontier.ClaimAsync(jobId, inFlight, 16, CancellationToken.None); // warm up
    var clock = Stopwatch.StartNew();
    const int rounds = 200;
    for (var i = 0; i < rounds; i++) await frontier.ClaimAsync(jobId, inFlight, 16, CancellationToken.None);
    return clock.Elapsed / rounds;
}

static async Task RunAsync(NpgsqlDataSource dataSource, IEnumerable<NpgsqlBatchCommand> commands)
{
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var batch = new NpgsqlBatch(connection);
    foreach (var command in commands) batch.BatchCommands.Add(command);
    await batch.ExecuteNonQueryAsync();
}

static string Page(int n, int count)
{
    var body = new StringBuilder();
    body.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page {n}</title>");
    body.Append(CultureInfo.InvariantCulture, $"<meta name=\"description\" content=\"Crawl benchmark page {n}\"></head><body>");
    body.Append("<nav><a href=\"/c/0\">Home</a></nav><main><article>");
    body.Append(CultureInfo.InvariantCulture, $"<h1>Page {n}</h1><ul>");
    foreach (var next in new[] { 2 * n + 1, 2 * n + 2, n / 2, n / 3, n / 5 })
    {
        if (next < count) body.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/c/{next}\">Page {next}</a></li>");
    }
    body.Append("</ul>");
    for (var s = 0; body.Length < 12_000; s++)
    {
        body.Append(CultureInfo.InvariantCulture, $"<h2>Section {s}</h2><p>Paragraph {s} of page {n} has <strong>bold</strong> and <em>italic</em> text. ");
        body.Append("Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>");
    }
    body.Append("</article></main><footer><p>Footer</p></footer></body></html>");
    return body.ToString();
}
