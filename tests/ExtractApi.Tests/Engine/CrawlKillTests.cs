using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping.Crawling;
using ExtractApi.Tests.Infrastructure;
using ExtractApi.Work;

namespace ExtractApi.Tests.Engine;

/// <summary>A crawl whose worker process is SIGKILLed mid-way is finished by another worker, each page stored once.</summary>
public sealed class CrawlKillTests
{
    [Fact]
    public async Task A_crawl_killed_mid_way_resumes_without_refetching_finished_pages_or_storing_any_twice()
    {
        await using var site = await CrawlSite.StartAsync();
        var connectionString = await TestPostgres.CreateDatabaseAsync("crawlkill");
        var allowSite = new Dictionary<string, string?> { ["Scraping:AllowedPrivateEndpoints:0"] = $"127.0.0.1:{site.Port}" };
        await using var api = new EngineHost(connectionString, "api", allowSite);
        await api.InitializeAsync();
        const int concurrency = 2;
        var request = new CrawlJobRequest(site.Url("/slow/0").AbsoluteUri, 1000, new CrawlScopeOptions { CrawlEntireDomain = true, IncludePaths = ["^/slow/"] },
            false, false, SitemapMode.Skip, false, 0, concurrency,
            new ScrapeJobRequest([], ["markdown"], true, [], [], new Dictionary<string, string>(), 10_000, null), null);
        var id = (await api.Submitter.SubmitAsync(new JobSubmission("alice", "org-1", Dialect.Firecrawl, JobKind.Crawl, request.ToJson()),
            CancellationToken.None)).JobId;

        await using var doomed = WorkerProcess.Start(connectionString, new Dictionary<string, string>
        {
            ["Engine:WorkerName"] = "doomed",
            ["Engine:LeaseDuration"] = "00:00:02",
            ["Engine:HeartbeatInterval"] = "00:00:00.400",
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Scraping:AllowedPrivateEndpoints:0"] = $"127.0.0.1:{site.Port}",
        });
        try
        {
            await Eventually.TrueAsync(async () => await api.ScalarAsync<long>("SELECT count(*) FROM job_pages WHERE job_id = $1", id) >= 20,
                TimeSpan.FromSeconds(30), "the child worker to store 20 pages");
        }
        catch (Xunit.Sdk.FailException e)
        {
            Assert.Fail($"{e.Message}\nThe child's output:\n{doomed.Output}");
        }
        doomed.Kill();
        await Task.Delay(200); // the killed process's last requests reach the site
        var storedBeforeKill = await api.ScalarAsync<string>("SELECT string_agg(ordinal::text, ',') FROM job_pages WHERE job_id = $1", id);
        var hitsBeforeKill = Enumerable.Range(0, CrawlSite.SlowPages).Sum(n => site.Hits($"/slow/{n}"));
        Assert.True(hitsBeforeKill < CrawlSite.SlowPages, "the kill came mid-way");

        await using var survivor = new EngineHost(connectionString, "worker", allowSite);
        await survivor.InitializeAsync();
        await Eventually.TrueAsync(async () => (await Db.StatusAsync(connectionString, id)).IsFinished(), TimeSpan.FromSeconds(60), "the crawl finished");

        Assert.Equal(JobStatus.Completed, await Db.StatusAsync(connectionString, id));
        Assert.Equal(2, await api.ScalarAsync<int>("SELECT attempts FROM jobs WHERE id = $1", id));
        Assert.Equal((long)CrawlSite.SlowPages, await api.ScalarAsync<long>("SELECT count(DISTINCT url) FROM job_pages WHERE job_id = $1", id));
        Assert.Equal((long)CrawlSite.SlowPages, await api.ScalarAsync<long>("SELECT count(*) FROM job_pages WHERE job_id = $1", id));
        Assert.Equal(CrawlSite.SlowPages, await api.ScalarAsync<int>("SELECT completed FROM jobs WHERE id = $1", id));
        foreach (var ordinal in storedBeforeKill.Split(',').Select(int.Parse))
        {
            var url = await api.ScalarAsync<string>("SELECT url FROM job_pages WHERE job_id = $1 AND ordinal = $2", id, ordinal);
            Assert.Equal(1, site.Hits(new Uri(url).PathAndQuery)); // stored before the kill: never fetched again
        }
        // Only the pages in flight at the kill were fetched twice.
        var hits = Enumerable.Range(0, CrawlSite.SlowPages).Sum(n => site.Hits($"/slow/{n}"));
        Assert.InRange(hits, CrawlSite.SlowPages, CrawlSite.SlowPages + concurrency);
    }
}
