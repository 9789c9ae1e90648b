using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using ExtractApi.Jobs.Pages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ExtractApi.Tests.Dialects;

/// <summary>
/// The poll queries are prepared on pooled connections. Npgsql 10.0.3's automatic preparation corrupted a connection
/// after a failed statement (npgsql 6391); these tests hold explicit preparation to surviving failures on the same
/// physical connection: a failed unprepared statement, a prepared statement failing at execution, a cancelled poll.
/// </summary>
public sealed class PreparedQueriesTests(PreparedQueriesTests.OneConnectionApi api) : IClassFixture<PreparedQueriesTests.OneConnectionApi>
{
    /// <summary>The server's own contexts on a pool of one physical connection: every statement below runs on it.</summary>
    public sealed class OneConnectionApi : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Jobs", ConnectionString + ";Maximum Pool Size=1");
        }
    }

    private async Task<Job> SeedAsync()
    {
        var job = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Processing);
        await api.WithDbAsync(async db =>
        {
            db.Jobs.Add(job);
            db.JobPages.Add(new JobPage
            {
                JobId = job.Id, Ordinal = 0, Url = "https://example.com/", Status = PageStatus.Succeeded, StatusCode = 200,
                Markdown = "# Hello", Metadata = """{"title":"Hello"}""", ContentBytes = 7, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        return job;
    }

    private static string? Page(string? markdown, string? html, string? rawHtml, string[]? links, string? metadataJson, string? extrasJson) => markdown;

    private Task PollBothWaysAsync(Job job) => api.WithDbAsync(async db =>
    {
        Assert.Equal(job.Id, (await JobLookup.FindAsync(db, job.Id, CancellationToken.None))?.Id);
        var caller = new Caller(job.OwnerSubject, job.OrganisationId);
        var read = await BatchStatusQuery.RunAsync(db, job.Id, caller.Subject, caller.Organisation, [JobKind.BatchScrape], 0, 10, 1 << 20, 0, Page, CancellationToken.None);
        Assert.Equal("# Hello", Assert.Single(read!.Documents));
        Assert.False(read.More);
        Assert.False(read.Unchanged);
        // Given the version it just read, the statement reads no pages: the answer rendered from them still stands.
        var again = await BatchStatusQuery.RunAsync(db, job.Id, caller.Subject, caller.Organisation, [JobKind.BatchScrape], 0, 10, 1 << 20, read.Version, Page, CancellationToken.None);
        Assert.True(again!.Unchanged);
        Assert.Empty(again.Documents);
        Assert.Equal(read.Version, again.Version);
    });

    [Fact]
    public async Task Prepared_polls_survive_failures_on_their_connection()
    {
        var job = await SeedAsync();
        await PollBothWaysAsync(job);
        await PollBothWaysAsync(job);
        await api.WithDbAsync(db => Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("SELECT 1 / 0")));
        await PollBothWaysAsync(job);

        // A prepared statement that fails when it runs (division by zero in a tagged query), then runs again.
        await api.WithDbAsync(async db =>
        {
            var zero = 0;
            await Assert.ThrowsAsync<PostgresException>(() => db.Jobs.TagWith(PreparedQueries.Tag).Where(j => j.Total / zero == 1).ToListAsync());
            var one = 1;
            Assert.NotNull(await db.Jobs.TagWith(PreparedQueries.Tag).Where(j => j.Id == job.Id && j.Total / one == j.Total).FirstOrDefaultAsync());
        });
        await PollBothWaysAsync(job);

        // A poll cancelled before it completes.
        await api.WithDbAsync(async db =>
        {
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => JobLookup.FindAsync(db, job.Id, cancelled.Token));
        });
        await PollBothWaysAsync(job);
    }

    [Fact]
    public async Task Tagged_queries_are_prepared_and_others_are_not()
    {
        var job = await SeedAsync();
        await PollBothWaysAsync(job);
        await api.WithDbAsync(async db =>
        {
            var statements = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
            Assert.Contains(statements, s => s.StartsWith("-- " + PreparedQueries.Tag, StringComparison.Ordinal) && s.Contains("FROM jobs", StringComparison.Ordinal));
            Assert.Contains(statements, s => s.Contains("FROM job_pages", StringComparison.Ordinal));
            Assert.DoesNotContain(statements, s => s.Contains("INSERT", StringComparison.Ordinal) || s.Contains("pg_prepared_statements", StringComparison.Ordinal));
        });
    }
}
