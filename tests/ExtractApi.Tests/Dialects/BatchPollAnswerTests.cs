using System.Net;
using System.Net.Http.Headers;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Engine;
using ExtractApi.Tests.Infrastructure;
using ExtractApi.Work;
using ExtractApi.Jobs.Pages;
using Npgsql;

namespace ExtractApi.Tests.Dialects;

/// <summary>
/// A running batch's poll answer is reused while the job row keeps its version, and never after a page is stored,
/// the job changes, or the caller is someone else.
/// </summary>
public sealed class BatchPollAnswerTests(ManualEngineHost host) : IClassFixture<ManualEngineHost>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(Guid Id, JobClaim Claim)> RunningBatchAsync()
    {
        // Nothing else claimable in this database, so the claim below takes this job.
        await host.CancelUnfinishedAsync();
        var submitted = await host.Submitter.SubmitAsync(new JobSubmission("alice", "org-1", Dialect.Firecrawl, JobKind.BatchScrape,
            """{"urls":["https://a.example/0","https://a.example/1"]}""") { Total = 2 }, None);
        await host.ExecuteAsync("UPDATE queued_jobs SET run_after = now() WHERE job_id = $1", submitted.JobId);
        var claim = Assert.Single(await host.Get<JobQueue>().ClaimAsync("worker-1", 10, None));
        Assert.Equal(submitted.JobId, claim.JobId);
        return (submitted.JobId, claim);
    }

    private static PageRecord Page(int ordinal) => new(ordinal, $"https://a.example/{ordinal}", PageStatus.Succeeded, 200,
        $"# Page {ordinal}", null, null, [], $$"""{"sourceURL":"https://a.example/{{ordinal}}","statusCode":200}""", null, null, null);

    [Fact]
    public async Task A_running_batch_answer_is_reused_only_while_the_job_row_is_unchanged()
    {
        var (id, claim) = await RunningBatchAsync();
        var store = new ScrapePageStore(host.Get<NpgsqlDataSource>());
        var context = new JobContext(claim, host.Get<JobQueue>());
        var client = host.ClientFor("alice");
        var path = $"/v1/batch/scrape/{id}";
        await store.SaveAsync(context, Page(0), None);

        var first = await client.GetAsync(path);
        var firstBody = await Json.ReadAsync(first, HttpStatusCode.OK);
        Assert.Equal("scraping", firstBody.Str("status"));
        Assert.Equal(1, firstBody.GetProperty("data").GetArrayLength());
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        // Unchanged: the same answer, and 304 to a client that holds it.
        var again = await client.GetAsync(path);
        Assert.Equal(etag, again.Headers.ETag);
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, path))
        {
            conditional.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
        }

        // A page written behind the job row's back (not how the server writes) does not show: the answer was reused.
        // That is the probe that the reuse happens at all; the server's own writes below always show.
        await host.ExecuteAsync("""
            INSERT INTO job_pages (job_id, ordinal, url, status, markdown, content_bytes, created_at, updated_at)
            VALUES ($1, 5, 'https://a.example/5', 'succeeded', '# Sneaked in', 12, now(), now())
            """, id);
        Assert.Equal(etag, (await client.GetAsync(path)).Headers.ETag);

        // The scraper's own page write changes the job row in the same transaction: the next poll shows it at once.
        await store.SaveAsync(context, Page(1), None);
        var afterPage = await client.GetAsync(path);
        var afterPageBody = await Json.ReadAsync(afterPage, HttpStatusCode.OK);
        Assert.NotEqual(etag, afterPage.Headers.ETag);
        Assert.Equal(3, afterPageBody.GetProperty("data").GetArrayLength());
        Assert.Equal(3, afterPageBody.GetProperty("completed").GetInt32()); // the store counts the pages it finds
        using (var stale = new HttpRequestMessage(HttpMethod.Get, path))
        {
            stale.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
        }

        // Another tenant never gets the held answer; the owner's check is the poll's own read.
        var other = await host.ClientFor("mallory").GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Null(other.Headers.ETag);
        Assert.DoesNotContain("Page 1", await other.Content.ReadAsStringAsync());

        // A cancel request changes the row: the client is told at once.
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(path)).StatusCode);
        Assert.Equal("cancelled", (await Json.ReadAsync(await client.GetAsync(path), HttpStatusCode.OK)).Str("status"));

        // An expired job is gone.
        await host.ExecuteAsync("UPDATE jobs SET expires_at = now() - interval '1 second' WHERE id = $1", id);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
    }
}
