using System.Net;
using System.Net.Http.Json;
using System.Text;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Tests.Dialects;

/// <summary>Creating and cancelling batch scrapes through HTTP (API role: jobs stay where the test puts them).</summary>
public sealed class FirecrawlBatchCreateTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Create_answers_exactly_200_with_id_and_url_and_ignores_unknown_fields()
    {
        var client = api.ClientFor("alice");
        var response = await client.PostAsync("/v1/batch/scrape",
            JsonContent("""{"urls":["https://example.com/a","https://example.com/b"],"formats":["markdown","links"],"origin":"js-sdk@1.0","zeroDataRetention":false}"""));
        var body = await Json.ReadAsync(response, HttpStatusCode.OK);
        Json.HasExactly(body, "success", "id", "url");
        Assert.True(body.GetProperty("success").GetBoolean());
        var id = Guid.Parse(body.Str("id")!);
        Assert.Equal($"http://localhost/v1/batch/scrape/{id}", body.Str("url"));

        var status = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK);
        Assert.Equal("scraping", status.Str("status"));
        Assert.Equal(2, status.GetProperty("total").GetInt32());
        Assert.Equal(0, status.GetProperty("data").GetArrayLength());

        await api.WithDbAsync(async db =>
        {
            var job = await db.Jobs.SingleAsync(j => j.Id == id);
            Assert.Equal(("alice", "org-1", Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Pending),
                (job.OwnerSubject, job.OrganisationId, job.Dialect, job.Kind, job.Status));
            Assert.Equal(["markdown", "links"], ExtractApi.Work.ScrapeJobRequest.FromJson(job.Request).Formats);
        });
    }

    [Fact]
    public async Task Invalid_urls_are_listed_when_ignored_and_refused_otherwise()
    {
        var client = api.ClientFor("alice");
        var ignored = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape",
            JsonContent("""{"urls":["https://example.com/ok","not a url","ftp://example.com/x"],"ignoreInvalidURLs":true}""")), HttpStatusCode.OK);
        Assert.Equal(["not a url", "ftp://example.com/x"], ignored.GetProperty("invalidURLs").EnumerateArray().Select(u => u.GetString()));

        var refused = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape",
            JsonContent("""{"urls":["https://example.com/ok","not a url"]}""")), HttpStatusCode.BadRequest);
        Json.IsFirecrawlError(refused);
        Assert.Contains("urls[1]", refused.Str("error"));
    }

    [Theory]
    [InlineData("""{"formats":["markdown"]}""", "urls")]
    [InlineData("""{"urls":"https://example.com"}""", "urls")]
    [InlineData("""{"urls":[]}""", "urls")]
    [InlineData("""{"urls":[42]}""", "urls[0]")]
    [InlineData("""{"urls":["https://example.com"],"formats":["markdown","pdf"]}""", "formats[1]")]
    [InlineData("""{"urls":["https://example.com"],"formats":["branding"]}""", "formats[0]")]
    [InlineData("""{"urls":["https://example.com"],"timeout":"soon"}""", "timeout")]
    [InlineData("""{"urls":["https://example.com"],"timeout":10}""", "timeout")]
    [InlineData("""{"urls":["https://example.com"],"onlyMainContent":"yes"}""", "onlyMainContent")]
    [InlineData("""{"urls":["https://example.com"],"headers":{"X-A":1}}""", "headers.X-A")]
    [InlineData("""{"urls":["https://example.com"],"includeTags":"article"}""", "includeTags")]
    [InlineData("""{"urls":["https://example.com"],"excludeTags":["nav",">>>"]}""", "excludeTags[1]")]
    [InlineData("""{"urls":["https://example.com"],"webhook":"file:///etc/passwd"}""", "webhook")]
    [InlineData("""{"urls":["https://example.com"],"webhook":{"url":"https://hooks.example.com","events":["nope"]}}""", "webhook.events[0]")]
    [InlineData("""[1,2,3]""", "body")]
    [InlineData("""{"urls":["https://example.com"]""", "JSON")]
    [InlineData("""not json at all""", "JSON")]
    public async Task Bad_bodies_get_400_naming_the_field(string json, string named)
    {
        var response = await api.ClientFor("alice").PostAsync("/v1/batch/scrape", JsonContent(json));
        var body = await Json.ReadAsync(response, HttpStatusCode.BadRequest);
        Json.IsFirecrawlError(body);
        Assert.Contains(named, body.Str("error"));
    }

    [Fact]
    public async Task Idempotency_key_returns_the_same_job_and_refuses_a_different_body()
    {
        var client = api.ClientFor("alice");
        async Task<HttpResponseMessage> Post(string json, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/scrape") { Content = JsonContent(json) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }
        var key = Guid.NewGuid().ToString();
        var first = await Json.ReadAsync(await Post("""{"urls":["https://example.com/1"]}""", key), HttpStatusCode.OK);
        var again = await Json.ReadAsync(await Post("""{"urls":["https://example.com/1"]}""", key), HttpStatusCode.OK);
        Assert.Equal(first.Str("id"), again.Str("id"));
        Json.IsFirecrawlError(await Json.ReadAsync(await Post("""{"urls":["https://example.com/2"]}""", key), HttpStatusCode.UnprocessableEntity));

        // Keys are scoped to the subject.
        using var other = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/scrape") { Content = JsonContent("""{"urls":["https://example.com/1"]}""") };
        other.Headers.Add("Idempotency-Key", key);
        var bob = await Json.ReadAsync(await api.ClientFor("bob").SendAsync(other), HttpStatusCode.OK);
        Assert.NotEqual(first.Str("id"), bob.Str("id"));
    }

    [Fact]
    public async Task Cancel_stops_a_pending_batch_and_a_finished_one_is_409()
    {
        var client = api.ClientFor("alice");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", JsonContent("""{"urls":["https://example.com/1"]}""")), HttpStatusCode.OK);
        var id = created.Str("id");

        Json.IsFirecrawlError(await Json.ReadAsync(await api.ClientFor("mallory").DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.NotFound));
        var cancelled = await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK);
        Json.HasExactly(cancelled, "success", "status");
        Assert.Equal("cancelled", cancelled.Str("status"));
        Assert.Equal("cancelled", (await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.OK)).Str("status"));
        Json.IsFirecrawlError(await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{id}"), HttpStatusCode.Conflict));
        Json.IsFirecrawlError(await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{Guid.NewGuid()}"), HttpStatusCode.NotFound));
        Json.IsFirecrawlError(await Json.ReadAsync(await client.DeleteAsync("/v1/batch/scrape/nope"), HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_running_batch_reports_cancelled_as_soon_as_it_is_asked()
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Processing);
        await api.WithDbAsync(async db => { db.Jobs.Add(job); await db.SaveChangesAsync(); });
        var client = api.ClientFor("alice");
        Assert.Equal("cancelled", (await Json.ReadAsync(await client.DeleteAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.OK)).Str("status"));
        Assert.Equal("cancelled", (await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{job.Id}"), HttpStatusCode.OK)).Str("status"));
    }
}
