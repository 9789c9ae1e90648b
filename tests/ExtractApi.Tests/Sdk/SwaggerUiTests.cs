using System.Text.Json;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Tests.Sdk;

/// <summary>Swagger UI as a person uses it, in Debian's headless Chromium (driven by playwright-core).</summary>
public sealed class SwaggerUiTests
{
    [Fact]
    public async Task Authorize_and_try_a_poll_endpoint_in_a_real_browser()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is missing: .ci/run installs Debian's chromium package.");
        var database = await TestPostgres.CreateDatabaseAsync("swagger");
        await using var server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["Server__Role"] = "api",
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-swagger-{Guid.NewGuid():N}"),
        });
        var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));

        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Completed, "swagger-user", "org-1");
        job.Total = 3;
        await using (var db = new JobsDbContext(new DbContextOptionsBuilder<JobsDbContext>().UseNpgsql(database).Options))
        {
            db.Jobs.Add(job);
            await db.SaveChangesAsync();
        }
        var token = ApiFactory.MintToken("swagger-user", "org-1");
        var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "swagger-ui.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);

        var output = await NodeSdk.RunScriptAsync("swagger-ui.mjs", new Dictionary<string, string>
        {
            ["BASE_URL"] = swagger[..^"/swagger".Length],
            ["TOKEN"] = token,
            ["JOB_ID"] = job.Id.ToString(),
            ["SCREENSHOT"] = screenshot,
        }, TimeSpan.FromMinutes(2));
        using var result = JsonDocument.Parse(output);
        var root = result.RootElement;
        Assert.Equal("ExtractApi", root.GetProperty("title").GetString());
        var tags = root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Contains("Firecrawl v1", tags);
        Assert.Contains("Firecrawl v2", tags);
        Assert.Contains("Linkup", tags);
        Assert.Contains("Docmap", tags);
        Assert.Contains("JustCrawl", tags);
        Assert.Equal("200", root.GetProperty("status").GetString());
        Assert.Contains("\"completed\"", root.GetProperty("body").GetString());
        Assert.True(new FileInfo(screenshot).Length > 10_000, "The screenshot is missing or empty.");
    }
}
