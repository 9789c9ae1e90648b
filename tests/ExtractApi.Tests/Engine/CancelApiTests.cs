using System.Net;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Engine;

/// <summary>Cancellation through the public API: Firecrawl's <c>DELETE /v1/batch/scrape/{id}</c>.</summary>
public sealed class CancelApiTests(ManualEngineHost host) : IClassFixture<ManualEngineHost>
{
    private async Task<Guid> SubmitBatchAsync() =>
        (await host.Submitter.SubmitAsync(new JobSubmission("alice", "org-1", Dialect.Firecrawl, JobKind.BatchScrape,
            $$"""{"urls":["https://a.example/{{Guid.NewGuid():N}}"]}""") { Total = 1 }, CancellationToken.None)).JobId;

    [Fact]
    public async Task A_pending_batch_is_cancelled_at_once_and_a_second_cancel_is_a_conflict()
    {
        var id = await SubmitBatchAsync();
        var client = host.ClientFor("alice");

        var body = await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK);
        Json.HasExactly(body, "success", "status");
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal("cancelled", body.Str("status"));
        var status = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK);
        Assert.Equal("cancelled", status.Str("status"));

        Json.IsFirecrawlError(await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_running_batch_is_flagged_and_stops_at_its_next_checkpoint()
    {
        var id = await SubmitBatchAsync();
        await host.CancelUnfinishedAsync(except: id);
        var claim = Assert.Single(await host.Get<JobQueue>().ClaimAsync("worker-1", 10, CancellationToken.None));

        var client = host.ClientFor("alice");
        await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK);
        Assert.Equal(JobStatus.Processing, await host.StatusAsync(id));
        Assert.Equal("cancelled", (await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK)).Str("status"));
        await Assert.ThrowsAsync<JobCancelledException>(() => new JobContext(claim, host.Get<JobQueue>()).CheckpointAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Unknown_foreign_and_malformed_ids_are_404_and_400()
    {
        var id = await SubmitBatchAsync();
        Json.IsFirecrawlError(await Json.ReadAsync(await host.ClientFor("mallory").DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.NotFound));
        Json.IsFirecrawlError(await Json.ReadAsync(await host.ClientFor("alice").DeleteAsync($"/v1/batch/scrape/{Guid.NewGuid()}"), HttpStatusCode.NotFound));
        Json.IsFirecrawlError(await Json.ReadAsync(await host.ClientFor("alice").DeleteAsync("/v1/batch/scrape/nope"), HttpStatusCode.BadRequest));
        Assert.Equal(JobStatus.Pending, await host.StatusAsync(id));
    }
}
