using System.Text.Json;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Statistics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ExtractApi.Dashboard;

/// <summary>What the dashboard reads: across every tenant, never rendered in a vendor's dialect.</summary>
public sealed class DashboardQueries(JobsDbContext db, NpgsqlDataSource dataSource)
{
    private const int MaxPages = 200;

    public async Task<DashboardSummary> SummaryAsync(CancellationToken cancellationToken)
    {
        var snapshot = await QueueStatistics.ReadAsync(dataSource, cancellationToken);
        return new DashboardSummary(snapshot.Depth, snapshot.LastHour, snapshot.Now);
    }

    public async Task<IReadOnlyList<DashboardJob>> JobsAsync(DashboardJobFilter filter, CancellationToken cancellationToken)
    {
        var jobs = db.Jobs.AsNoTracking().Where(j => j.ExpiresAt == null || j.ExpiresAt > DateTime.UtcNow);
        if (filter.Status is { } status) jobs = jobs.Where(j => j.Status == status);
        if (filter.Dialect is { } dialect) jobs = jobs.Where(j => j.Dialect == dialect);
        if (filter.Organisation is { } organisation) jobs = jobs.Where(j => j.OrganisationId == organisation);
        if (filter.MaxAge is { } age)
        {
            var since = DateTime.UtcNow - age;
            jobs = jobs.Where(j => j.CreatedAt >= since);
        }
        var rows = await jobs.OrderByDescending(j => j.CreatedAt).Take(filter.Limit).ToListAsync(cancellationToken);
        return [.. rows.Select(Summarise)];
    }

    public async Task<DashboardJobDetail?> JobAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null) return null;
        // The queue row: only while the job is unfinished.
        var queued = await db.QueuedJobs.AsNoTracking().FirstOrDefaultAsync(q => q.JobId == id, cancellationToken);
        var pages = await db.JobPages.AsNoTracking().Where(p => p.JobId == id).OrderBy(p => p.Ordinal).Take(MaxPages)
            .Select(p => new { p.Ordinal, p.Url, p.Status, p.StatusCode, p.Error, p.ContentBytes })
            .ToListAsync(cancellationToken);
        return new DashboardJobDetail(Summarise(job), Parse(job.Request) ?? default, Parse(job.Result), job.CancelRequested,
            job.LeaseOwner, queued?.LeaseExpiresAt, queued?.RunAfter, job.UpdatedAt, job.ExpiresAt,
            [.. pages.Select(p => new DashboardPage(p.Ordinal, p.Url, p.Status.ToName(), p.StatusCode, p.Error, p.ContentBytes))],
            pages.Count);
    }

    // Kinds and statuses as the jobs table stores them (batch_scrape), as the queue depth shows them.
    private static DashboardJob Summarise(Job j) => new(j.Id, j.Dialect.ToString(), j.Kind.ToName(), j.Status.ToName(), j.OwnerSubject,
        j.OrganisationId, j.Total, j.Completed, j.Attempts, j.MaxAttempts, j.Error, j.CreatedAt, j.StartedAt, j.FinishedAt);

    private static JsonElement? Parse(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
