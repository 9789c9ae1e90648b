using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Tests.Sdk;

/// <summary>The operators' dashboard in Debian's headless Chromium (driven by playwright-core), on the real server process.</summary>
public sealed class DashboardTests
{
    private static string AdminToken() => ApiFactory.MintToken("operator", "ops", admin: true);

    [Fact]
    public async Task An_operator_sees_the_queue_cancels_a_job_and_retries_a_failed_one_in_a_real_browser()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: .ci/run installs Debian's chromium package.");
        var database = await TestPostgres.CreateDatabaseAsync("dashboard");
        await using var server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["Server__Role"] = "api", // no worker: the created job stays pending until the operator cancels it
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-dashboard-{Guid.NewGuid():N}"),
        });
        var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
        var baseUrl = swagger[..^"/swagger".Length];
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        // A tenant's job, created through Firecrawl's API.
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/scrape")
        {
            Content = JsonContent.Create(new { urls = new[] { "https://example.com/a", "https://example.com/b" } }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.MintToken("dash-user", "acme"));
        var created = await http.SendAsync(create);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var jobId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Another tenant's job that failed five minutes ago.
        var failed = JobSeeds.Job(Dialect.JustCrawl, JobKind.Extract, JobStatus.Failed, "someone", "globex", error: "The page answered 503 three times.");
        failed.CreatedAt = DateTime.UtcNow.AddMinutes(-10);
        failed.FinishedAt = DateTime.UtcNow.AddMinutes(-5);
        failed.Attempts = 3;
        await using (var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(database).Options))
        {
            db.Jobs.Add(failed);
            await db.SaveChangesAsync();
        }

        // The API behind the page: an admin token only.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/dashboard/api/summary")).StatusCode);
        using (var tenant = new HttpRequestMessage(HttpMethod.Get, "/dashboard/api/summary"))
        {
            tenant.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.MintToken("dash-user", "acme"));
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(tenant)).StatusCode);
        }
        using (var missing = new HttpRequestMessage(HttpMethod.Post, $"/dashboard/api/jobs/{Guid.NewGuid()}/cancel"))
        {
            missing.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken());
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(missing)).StatusCode);
        }

        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        var output = await NodeSdk.RunScriptAsync("dashboard.mjs", new Dictionary<string, string>
        {
            ["BASE_URL"] = baseUrl,
            ["TOKEN"] = AdminToken(),
            ["JOB_ID"] = jobId,
            ["FAILED_ID"] = failed.Id.ToString(),
            ["SCREENSHOT"] = screenshot,
        }, TimeSpan.FromMinutes(2));
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        Assert.Equal("ExtractApi · Dashboard", root.GetProperty("title").GetString());
        Assert.Equal("pending", root.GetProperty("statusBefore").GetString());
        Assert.Equal("1", root.GetProperty("depthPending").GetString());
        Assert.True(root.GetProperty("chartBars").GetInt32() >= 1, "The failed job of five minutes ago is not in the last hour's chart.");
        Assert.Contains("https://example.com/b", root.GetProperty("requestShown").GetString());
        Assert.Equal("cancelled", root.GetProperty("statusAfterCancel").GetString());
        Assert.Contains("503 three times", root.GetProperty("failedError").GetString());
        Assert.Equal("pending", root.GetProperty("statusAfterRetry").GetString());
        Assert.Equal(1, root.GetProperty("filteredRows").GetInt32());
        Assert.Empty(root.GetProperty("consoleErrors").EnumerateArray());
        // Everything the page loaded came from the server itself.
        Assert.All(root.GetProperty("requests").EnumerateArray(), r => Assert.StartsWith(baseUrl + "/", r.GetString()));
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is missing or empty.");

        await using (var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(database).Options))
        {
            var cancelled = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == Guid.Parse(jobId));
            Assert.Equal(JobStatus.Cancelled, cancelled.Status);
            var retried = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == failed.Id);
            Assert.Equal(JobStatus.Pending, retried.Status);
            Assert.Equal(0, retried.Attempts);
            Assert.Null(retried.Error);
            Assert.Null(retried.FinishedAt);
        }
    }
}
