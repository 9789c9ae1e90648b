using ExtractApi.Jobs.Crawling;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Tests.Engine;

/// <summary>The crawl frontier table behind the engine's fenced write, step by step on a real PostgreSQL.</summary>
public sealed class CrawlFrontierTests(ManualEngineHost host) : IClassFixture<ManualEngineHost>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private JobQueue Queue => host.Get<JobQueue>();
    private CrawlFrontier Frontier => host.Get<CrawlFrontier>();

    public Task InitializeAsync() => host.CancelUnfinishedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<JobClaim> ClaimCrawlAsync(string worker = "worker-1")
    {
        var id = await host.SubmitDigestAsync(kind: JobKind.Crawl);
        await host.ExecuteAsync("UPDATE queued_jobs SET run_after = now() WHERE job_id = $1", id);
        var claim = Assert.Single(await Queue.ClaimAsync(worker, 10, None));
        Assert.Equal(id, claim.JobId);
        return claim;
    }

    private static FrontierCandidate Candidate(string path, int depth = 1, bool blocked = false) =>
        new("https://site.example" + path, "//site.example" + path, depth, blocked);

    [Fact]
    public async Task Admission_dedupes_holds_the_limit_exactly_and_does_not_count_blocked_urls()
    {
        var claim = await ClaimCrawlAsync();
        var admission = await Frontier.LoadAsync(claim.JobId, limit: 3, None);
        var first = admission.Admit([Candidate("/", 0), Candidate("/a"), Candidate("/a"), Candidate("/private", blocked: true)]);
        Assert.Equal(["/", "/a", "/private"], first.Select(u => new Uri(u.Url).AbsolutePath));
        Assert.Equal([0, 1, 2], first.Select(u => u.Ordinal));
        var second = admission.Admit([Candidate("/a"), Candidate("/b"), Candidate("/c"), Candidate("/d")]);
        Assert.Equal(["/b"], second.Select(u => new Uri(u.Url).AbsolutePath));
        Assert.True(admission.Full);
        Assert.Empty(admission.Admit([Candidate("/e")]));

        await new JobContext(claim, Queue).WriteFencedAsync([CrawlFrontier.Insert(claim.JobId, [.. first, .. second])], None);
        Assert.Equal(["https://site.example/private"], await Frontier.BlockedAsync(claim.JobId, None));
        Assert.Equal(3, await Frontier.QueuedCountAsync(claim.JobId, None));
    }

    [Fact]
    public async Task Claims_come_in_discovery_order_after_the_last_claimed_url_and_done_urls_leave()
    {
        var claim = await ClaimCrawlAsync();
        var context = new JobContext(claim, Queue);
        var admission = await Frontier.LoadAsync(claim.JobId, limit: 100, None);
        await context.WriteFencedAsync([CrawlFrontier.Insert(claim.JobId, admission.Admit(Enumerable.Range(0, 10).Select(i => Candidate($"/{i}"))))], None);

        var batch = await Frontier.ClaimAsync(claim.JobId, -1, 3, None);
        Assert.Equal([0, 1, 2], batch.Select(u => u.Ordinal));
        var next = await Frontier.ClaimAsync(claim.JobId, 2, 3, None);
        Assert.Equal([3, 4, 5], next.Select(u => u.Ordinal));
        await context.WriteFencedAsync([CrawlFrontier.MarkDone(claim.JobId, 0), CrawlFrontier.MarkDone(claim.JobId, 4)], None);
        Assert.Equal([1, 2, 3, 5, 6], (await Frontier.ClaimAsync(claim.JobId, -1, 5, None)).Select(u => u.Ordinal));
        Assert.Equal(8, await Frontier.QueuedCountAsync(claim.JobId, None));
    }

    [Fact]
    public async Task A_new_attempt_resumes_with_the_keys_counts_and_ordinals_the_last_one_stored()
    {
        var claim = await ClaimCrawlAsync();
        var context = new JobContext(claim, Queue);
        var admission = await Frontier.LoadAsync(claim.JobId, limit: 5, None);
        var admitted = admission.Admit([Candidate("/", 0), Candidate("/a"), Candidate("/x", blocked: true), Candidate("/b")]);
        await context.WriteFencedAsync([CrawlFrontier.Insert(claim.JobId, admitted), CrawlFrontier.MarkDone(claim.JobId, 0)], None);

        var resumed = await Frontier.LoadAsync(claim.JobId, limit: 5, None);
        Assert.Equal(3, resumed.Admitted);
        Assert.True(resumed.IsKnown("//site.example/a") && resumed.IsKnown("//site.example/x"));
        var more = resumed.Admit([Candidate("/a"), Candidate("/c"), Candidate("/d"), Candidate("/e")]);
        Assert.Equal([4, 5], more.Select(u => u.Ordinal));
        Assert.True(resumed.Full);
    }

    [Fact]
    public async Task A_zombie_cannot_add_to_the_frontier_or_mark_urls_done()
    {
        var zombie = await ClaimCrawlAsync("zombie");
        var admission = await Frontier.LoadAsync(zombie.JobId, limit: 10, None);
        await new JobContext(zombie, Queue).WriteFencedAsync([CrawlFrontier.Insert(zombie.JobId, admission.Admit([Candidate("/", 0)]))], None);
        await host.ExecuteAsync("UPDATE queued_jobs SET lease_expires_at = now() - interval '1 second' WHERE job_id = $1", zombie.JobId);
        Assert.True(await host.Get<LeaseRescuer>().RescueAsync(None) >= 1);

        await Assert.ThrowsAsync<LeaseLostException>(() => new JobContext(zombie, Queue).WriteFencedAsync(
            [CrawlFrontier.Insert(zombie.JobId, admission.Admit([Candidate("/late")])), CrawlFrontier.MarkDone(zombie.JobId, 0)], None));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM crawl_urls WHERE job_id = $1 AND state = 'queued'", zombie.JobId));
    }
}
