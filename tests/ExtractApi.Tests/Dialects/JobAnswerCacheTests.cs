using System.Net;
using System.Net.Http.Headers;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class JobAnswerCacheTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<Job> SeedAsync(Dialect dialect, JobKind kind, JobStatus status, string owner = "alice")
    {
        var job = JobSeeds.Job(dialect, kind, status, owner, result: """{"data":{"a":1},"rows":[]}""");
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        return job;
    }

    public static TheoryData<Dialect, JobKind, string> FinishedPolls() => new()
    {
        { Dialect.Firecrawl, JobKind.BatchScrape, "/v1/batch/scrape/{0}" },
        { Dialect.Firecrawl, JobKind.BatchScrape, "/v1/crawl/{0}?limit=5" },
        { Dialect.Firecrawl, JobKind.Extract, "/v1/extract/{0}" },
        { Dialect.Linkup, JobKind.Extract, "/v1/extract/{0}" },
        { Dialect.Docmap, JobKind.DocumentExtract, "/v1/extractions/{0}" },
    };

    [Theory]
    [MemberData(nameof(FinishedPolls))]
    public async Task Finished_jobs_carry_an_etag_and_answer_304_when_unchanged(Dialect dialect, JobKind kind, string template)
    {
        var job = await SeedAsync(dialect, kind, JobStatus.Completed);
        var path = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, job.Id);
        var client = api.ClientFor("alice");
        var first = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        var firstBody = await first.Content.ReadAsStringAsync();

        var second = await client.GetAsync(path);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(etag, second.Headers.ETag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, path);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);

        // The cached answer never reaches another tenant.
        var other = await api.ClientFor("mallory").GetAsync(path);
        Assert.True(other.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, other.StatusCode.ToString());
        Assert.DoesNotContain("\"a\":1", await other.Content.ReadAsStringAsync());
        Assert.Null(other.Headers.ETag);
    }

    [Fact]
    public async Task Running_jobs_are_answered_from_the_database_not_the_finished_answers()
    {
        // A running extract is never kept; a running batch's answer is kept with its row version (BatchPollAnswerTests)
        // and a changed row is read again at once.
        foreach (var (kind, path) in new[] { (JobKind.Extract, "/v1/extract/{0}"), (JobKind.BatchScrape, "/v1/batch/scrape/{0}") })
        {
            var job = await SeedAsync(Dialect.Firecrawl, kind, JobStatus.Processing);
            var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, job.Id);
            var client = api.ClientFor("alice");
            var first = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            if (kind == JobKind.Extract) Assert.Null(first.Headers.ETag);
            await api.WithDbAsync(async db =>
            {
                db.Jobs.Attach(job);
                job.Completed = 7;
                job.Status = JobStatus.Completed;
                await db.SaveChangesAsync();
            });
            var body = await Json.ReadAsync(await client.GetAsync(url), HttpStatusCode.OK);
            Assert.Equal("completed", body.Str("status"));
        }
    }
    [Fact]
    public async Task A_running_batch_answer_is_kept_only_up_to_a_megabyte_of_content()
    {
        foreach (var (contentBytes, kept) in new[] { (1000L, true), (2L * 1024 * 1024, false) })
        {
            var job = await SeedAsync(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Processing);
            await api.WithDbAsync(async db =>
            {
                db.JobPages.Add(JobSeeds.Page(job.Id, 0, "# Big", contentBytes));
                await db.SaveChangesAsync();
            });
            var answer = await api.ClientFor("alice").GetAsync($"/v1/batch/scrape/{job.Id}");
            var body = await Json.ReadAsync(answer, HttpStatusCode.OK);
            Assert.Equal("# Big", body.GetProperty("data")[0].Str("markdown"));
            Assert.Equal(kept, answer.Headers.ETag is not null);
        }
    }
    [Fact]
    public async Task A_cached_answer_keeps_the_links_of_the_url_it_was_asked_on()
    {
        var job = await SeedAsync(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Completed);
        await api.WithDbAsync(async db =>
        {
            for (var i = 0; i < 2; i++) db.JobPages.Add(JobSeeds.Page(job.Id, i, $"# {i}", 3));
            await db.SaveChangesAsync();
        });
        foreach (var scheme in new[] { "http", "https", "http" })
        {
            var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri($"{scheme}://localhost") });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.TokenFor("alice", "org-1"));
            var body = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{job.Id}?limit=1"), HttpStatusCode.OK);
            Assert.Equal($"{scheme}://localhost/v1/batch/scrape/{job.Id}?skip=1&limit=1", body.Str("next"));
        }
    }
}
