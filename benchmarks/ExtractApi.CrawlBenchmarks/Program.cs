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
// The claim before the cursor: the first queued URLs not in flight ($2 the ordinals in flight).
const string PreviousClaimSql = """
    SELECT ordinal, url, depth FROM crawl_urls
    WHERE job_id = $1 AND state = 'queued' AND ordinal <> ALL ($2)
    ORDER BY ordinal LIMIT $3
    """;

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
    // The crawl's closing line says where its time went, phase by phase.
    ["Serilog__MinimumLevel__Override__ExtractApi.Work.CrawlHandler"] = "Information",
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
async Task FrontierAsync(string connectionString, int size)
{
    await using var dataSource = NpgsqlDataSource.Create(connectionString);
    var jobId = Guid.NewGuid();
    await using (var insertJob = dataSource.CreateCommand("""
        INSERT INTO jobs (id, owner_subject, organisation_id, dialect, kind, status, request, total, completed, credits_used, attempts, max_attempts,
            cancel_requested, created_at, updated_at)
        VALUES ($1, 'bench', 'bench', 'firecrawl', 'crawl', 'cancelled', '{}', 0, 0, 0, 0, 1, false, now(), now())
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
    // At the start, then with 90 % done before any vacuum (the done URLs' index entries still there, as in a running
    // crawl), then after VACUUM; beside the claim, the previous one (skipping the URLs in flight) as the baseline.
    var early = await TimeClaimsAsync(dataSource, jobId, 0);
    await using (var done = dataSource.CreateCommand("UPDATE crawl_urls SET state = 'done' WHERE job_id = $1 AND ordinal < $2"))
    {
        done.Parameters.AddWithValue(jobId);
        done.Parameters.AddWithValue(size * 9 / 10);
        await done.ExecuteNonQueryAsync();
    }
    await using (var analyze = dataSource.CreateCommand("ANALYZE crawl_urls")) await analyze.ExecuteNonQueryAsync();
    var late = await TimeClaimsAsync(dataSource, jobId, size * 9 / 10);
    if (args.Contains("--plan"))
    {
        foreach (var (name, sql) in new[] { ("claim", CrawlFrontier.ClaimSql), ("previous claim", PreviousClaimSql) })
        {
            await using var explain = dataSource.CreateCommand($"EXPLAIN (ANALYZE, BUFFERS) {sql}");
            explain.Parameters.AddWithValue(jobId);
            explain.Parameters.Add(ClaimArgument(sql, size * 9 / 10));
            explain.Parameters.AddWithValue(16);
            await using var reader = await explain.ExecuteReaderAsync();
            Console.WriteLine($"The {name} with 90 % done, before a vacuum:");
            while (await reader.ReadAsync()) Console.WriteLine("  " + reader.GetString(0));
        }
    }
    await using (var vacuum = dataSource.CreateCommand("VACUUM ANALYZE crawl_urls")) await vacuum.ExecuteNonQueryAsync();
    var vacuumed = await TimeClaimsAsync(dataSource, jobId, size * 9 / 10);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Frontier of {size} URLs: admitted in {admitTime.TotalSeconds:0.00} s ({size / admitTime.TotalSeconds:0} URLs/s); admission state {admissionBytes / 1_048_576.0:0.0} MB"));
    foreach (var (name, i) in new[] { ("claim of 16 after the last claimed", 0), ("previous claim of 16 skipping 16 in flight (baseline)", 1) })
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: {early[i].TotalMilliseconds:0.000} ms at the start, {late[i].TotalMilliseconds:0.000} ms with 90 % done ({late[i] / early[i]:0.00}x), " +
            $"{vacuumed[i].TotalMilliseconds:0.000} ms after a vacuum ({vacuumed[i] / early[i]:0.00}x)"));
    }
}

// The 16 in flight are the first 16 queued URLs, as in a crawl: the claim asks past them, the previous claim skips them.
static NpgsqlParameter ClaimArgument(string sql, int firstQueued) => sql == PreviousClaimSql
    ? new NpgsqlParameter<int[]> { TypedValue = Enumerable.Range(firstQueued, 16).ToArray() }
    : new NpgsqlParameter<int> { TypedValue = firstQueued + 15 };

// Mean time of a claim of 16: [0] the worker's claim (CrawlFrontier), [1] the previous claim; alternated round by round.
static async Task<TimeSpan[]> TimeClaimsAsync(NpgsqlDataSource dataSource, Guid jobId, int firstQueued)
{
    var frontier = new CrawlFrontier(dataSource);
    var totals = new TimeSpan[2];
    const int rounds = 200;
    for (var i = -20; i < rounds; i++) // 20 rounds of warm-up
    {
        var clock = Stopwatch.StartNew();
        var claimed = await frontier.ClaimAsync(jobId, firstQueued + 15, 16, CancellationToken.None);
        if (i >= 0) totals[0] += clock.Elapsed;
        clock.Restart();
        await using var previous = dataSource.CreateCommand(PreviousClaimSql);
        previous.Parameters.AddWithValue(jobId);
        previous.Parameters.Add(ClaimArgument(PreviousClaimSql, firstQueued));
        previous.Parameters.AddWithValue(16);
        await using (var reader = await previous.ExecuteReaderAsync())
        {
            var rows = 0;
            while (await reader.ReadAsync()) rows++;
            if (rows != claimed.Count) throw new InvalidOperationException($"The claims disagree: {claimed.Count} and {rows} URLs");
        }
        if (i >= 0) totals[1] += clock.Elapsed;
    }
    return [totals[0] / rounds, totals[1] / rounds];
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
