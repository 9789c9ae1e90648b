using System.Net;
using System.Text;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

/// <summary><c>GET /v1/extract</c> (Linkup's task list) and the bad fetch requests that never leave the server.</summary>
public sealed class LinkupListTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Linkup = "Linkup-JS-SDK/3.2.7";

    [Fact]
    public async Task Extract_tasks_are_listed_newest_first_with_paging_and_status()
    {
        var statuses = new[] { JobStatus.Completed, JobStatus.Pending, JobStatus.Processing, JobStatus.Failed, JobStatus.Completed, JobStatus.ExtractionDone, JobStatus.Completed };
        var ids = new List<Guid>();
        await api.WithDbAsync(async db =>
        {
            for (var i = 0; i < statuses.Length; i++)
            {
                var job = JobSeeds.Job(Dialect.Linkup, JobKind.Extract, statuses[i], "uid_tasks",
                    request: """{"urls":["https://example.com/team"],"prompt":"people","schema":null,"rows":true}""",
                    result: statuses[i] == JobStatus.Completed ? """{"rows":[{"name":"Ada"}]}""" : null);
                job.CreatedAt = JobSeeds.Created.AddMinutes(i);
                ids.Add(job.Id);
                db.Jobs.Add(job);
            }
            // Not listed: another user's task, a Firecrawl extract of the same user, and an expired task.
            db.Jobs.Add(JobSeeds.Job(Dialect.Linkup, JobKind.Extract, JobStatus.Completed, "uid_someone_else"));
            db.Jobs.Add(JobSeeds.Job(Dialect.Firecrawl, JobKind.Extract, JobStatus.Completed, "uid_tasks"));
            var expired = JobSeeds.Job(Dialect.Linkup, JobKind.Extract, JobStatus.Completed, "uid_tasks");
            expired.ExpiresAt = DateTime.UtcNow.AddMinutes(-1);
            db.Jobs.Add(expired);
            await db.SaveChangesAsync();
        });
        var client = api.ClientFor("uid_tasks", userAgent: Linkup);

        var first = await Json.ReadAsync(await client.GetAsync("/v1/extract?pageSize=3"), HttpStatusCode.OK);
        Json.HasExactly(first, "metadata", "data");
        var metadata = first.GetProperty("metadata");
        Assert.Equal((1, 3, 7, 3), (metadata.GetProperty("page").GetInt32(), metadata.GetProperty("pageSize").GetInt32(),
            metadata.GetProperty("total").GetInt32(), metadata.GetProperty("totalPages").GetInt32()));
        Assert.Equal(ids.AsEnumerable().Reverse().Take(3).Select(i => i.ToString()), first.GetProperty("data").EnumerateArray().Select(t => t.Str("id")));
        var task = first.GetProperty("data")[0];
        Json.HasExactly(task, "id", "type", "status", "input", "output", "error", "createdAt", "updatedAt");
        Assert.Equal("extract", task.Str("type"));
        Assert.Equal("completed", task.Str("status"));
        Assert.Equal(1, task.GetProperty("output").GetProperty("rowsReturned").GetInt32());

        var last = await Json.ReadAsync(await client.GetAsync("/v1/extract?pageSize=3&page=3"), HttpStatusCode.OK);
        Assert.Equal(ids[0].ToString(), Assert.Single(last.GetProperty("data").EnumerateArray().ToList()).Str("id"));
        var beyond = await Json.ReadAsync(await client.GetAsync("/v1/extract?pageSize=3&page=9"), HttpStatusCode.OK);
        Assert.Empty(beyond.GetProperty("data").EnumerateArray());

        var completed = await Json.ReadAsync(await client.GetAsync("/v1/extract?status=completed"), HttpStatusCode.OK);
        Assert.Equal(3, completed.GetProperty("metadata").GetProperty("total").GetInt32());
        Assert.All(completed.GetProperty("data").EnumerateArray(), t => Assert.Equal("completed", t.Str("status")));
        var processing = await Json.ReadAsync(await client.GetAsync("/v1/extract?status=processing"), HttpStatusCode.OK);
        Assert.Equal(2, processing.GetProperty("metadata").GetProperty("total").GetInt32());
        var defaults = await Json.ReadAsync(await client.GetAsync("/v1/extract"), HttpStatusCode.OK);
        Assert.Equal(10, defaults.GetProperty("metadata").GetProperty("pageSize").GetInt32());
        Assert.Equal(7, defaults.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData("/v1/extract?page=0", "page")]
    [InlineData("/v1/extract?pageSize=101", "pageSize")]
    [InlineData("/v1/extract?pageSize=x", "pageSize")]
    [InlineData("/v1/extract?status=done", "status")]
    public async Task Bad_list_queries_are_linkup_validation_errors(string path, string field)
    {
        var body = await Json.ReadAsync(await api.ClientFor("uid_tasks", userAgent: Linkup).GetAsync(path), HttpStatusCode.BadRequest);
        Json.IsLinkupError(body, 400, "VALIDATION_ERROR");
        Assert.Equal(field, body.GetProperty("error").GetProperty("details")[0].Str("field"));
    }

    [Theory]
    [InlineData("{}", "url")]
    [InlineData("""{"url":"ftp://example.com/x"}""", "url")]
    [InlineData("""{"url":"https://example.com","includeRawHtml":"yes"}""", "includeRawHtml")]
    [InlineData("""{"url":"https://example.com","renderJs":"yes"}""", "renderJs")]
    [InlineData("[1]", "body")]
    [InlineData("{\"url\":", "body")]
    public async Task Bad_fetch_requests_are_linkup_validation_errors(string json, string field)
    {
        var response = await api.ClientFor("uid_fetch").PostAsync("/v1/fetch", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await Json.ReadAsync(response, HttpStatusCode.BadRequest);
        Json.IsLinkupError(body, 400, "VALIDATION_ERROR");
        Assert.Equal(field, body.GetProperty("error").GetProperty("details")[0].Str("field"));
    }

    [Fact]
    public async Task Fetch_and_list_need_a_token_and_answer_in_linkup_shape()
    {
        Json.IsLinkupError(await Json.ReadAsync(await api.CreateClient().PostAsync("/v1/fetch",
            new StringContent("""{"url":"https://example.com"}""", Encoding.UTF8, "application/json")), HttpStatusCode.Unauthorized), 401, "UNAUTHORIZED");
    }
}
