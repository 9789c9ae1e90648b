using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// Firecrawl's account routes, as the SDKs call them: credit usage, token usage, queue status and the concurrency
/// check. There is no billing here: credits are a usage count (one per page scraped, as on the jobs' <c>creditsUsed</c>)
/// summed over the organisation's jobs of the current UTC month that are still stored (jobs leave the count when the
/// sweeper removes them, <c>Engine:Retention</c> after they finish); the remaining credits are unmetered
/// (<see cref="UnmeteredCredits"/>, what Firecrawl's own self-hosted server reports). Tokens are only spent by an LLM,
/// which extractions here do not meter: zeros. Queue figures are the organisation's jobs in the engine.
/// </summary>
internal static class FirecrawlTeamApi
{
    /// <summary>Remaining and plan credits of a server that does not bill.</summary>
    public const int UnmeteredCredits = 99_999_999;

    public static RouteGroupBuilder MapTeam(this RouteGroupBuilder group, FirecrawlVersion version)
    {
        var tag = version == FirecrawlVersion.V1 ? "FirecrawlV1" : "FirecrawlV2";
        var creditUsage = version == FirecrawlVersion.V1
            ? group.MapGet("/team/credit-usage", (Caller caller, JobsDbContext db, CancellationToken ct) => CreditUsageAsync(caller, db,
                (start, end, used) => new FirecrawlCreditUsageV1(UnmeteredCredits, UnmeteredCredits, start, end, used), ct))
            : group.MapGet("/team/credit-usage", (Caller caller, JobsDbContext db, CancellationToken ct) => CreditUsageAsync(caller, db,
                (start, end, used) => new FirecrawlCreditUsageV2(UnmeteredCredits, UnmeteredCredits, start, end, used), ct));
        creditUsage.WithName($"{tag}CreditUsage")
            .WithSummary("Credits used this UTC month by the caller's organisation (one per page scraped); no billing, so the remainder is unmetered.");
        var tokenUsage = version == FirecrawlVersion.V1
            ? group.MapGet("/team/token-usage", () => TokenUsage((start, end) => new FirecrawlTokenUsageV1(0, 0, start, end)))
            : group.MapGet("/team/token-usage", () => TokenUsage((start, end) => new FirecrawlTokenUsageV2(0, 0, start, end)));
        tokenUsage.WithName($"{tag}TokenUsage")
            .WithSummary("LLM tokens: none are metered here (zeros).");
        group.MapGet("/team/queue-status", (Caller caller, JobsDbContext db, IOptions<EngineSettings> engine, CancellationToken ct) =>
                QueueStatusAsync(caller, db, engine.Value, ct))
            .WithName($"{tag}QueueStatus")
            .WithSummary("The organisation's jobs waiting and running in the engine, and its most recent success in the last 24 hours.");
        group.MapGet("/concurrency-check", (Caller caller, JobsDbContext db, IOptions<EngineSettings> engine, CancellationToken ct) =>
                ConcurrencyAsync(caller, db, engine.Value, ct))
            .WithName($"{tag}ConcurrencyCheck")
            .WithSummary("The organisation's jobs running now, and how many jobs a worker runs at once (Engine:Concurrency).");
        return group;
    }

    private static (DateTime Start, DateTime End) CurrentPeriod()
    {
        var now = DateTime.UtcNow;
        var start = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (start, start.AddMonths(1));
    }

    /// <summary>Credits used this month by the caller's organisation, in the shape <paramref name="render"/> gives them.</summary>
    private static async Task<Ok<FirecrawlUsageAnswer<TUsage>>> CreditUsageAsync<TUsage>(Caller caller, JobsDbContext db,
        Func<DateTime, DateTime, long, TUsage> render, CancellationToken cancellationToken)
    {
        var (start, end) = CurrentPeriod();
        var used = await db.Jobs.Where(j => j.OrganisationId == caller.Organisation && j.CreatedAt >= start && j.CreatedAt < end)
            .SumAsync(j => (long)j.CreditsUsed, cancellationToken);
        return TypedResults.Ok(new FirecrawlUsageAnswer<TUsage>(true, render(start, end, used)));
    }

    private static Ok<FirecrawlUsageAnswer<TUsage>> TokenUsage<TUsage>(Func<DateTime, DateTime, TUsage> render)
    {
        var (start, end) = CurrentPeriod();
        return TypedResults.Ok(new FirecrawlUsageAnswer<TUsage>(true, render(start, end)));
    }

    private static async Task<Ok<FirecrawlQueueStatus>> QueueStatusAsync(Caller caller, JobsDbContext db, EngineSettings engine,
        CancellationToken cancellationToken)
    {
        var counts = await db.Jobs.Where(j => j.OrganisationId == caller.Organisation && (j.Status == JobStatus.Pending || j.Status == JobStatus.Processing))
            .GroupBy(j => j.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var waiting = counts.Where(c => c.Status == JobStatus.Pending).Sum(c => c.Count);
        var active = counts.Where(c => c.Status == JobStatus.Processing).Sum(c => c.Count);
        var since = DateTime.UtcNow.AddDays(-1);
        var lastSuccess = await db.Jobs
            .Where(j => j.OrganisationId == caller.Organisation && j.Status == JobStatus.Completed && j.FinishedAt >= since)
            .MaxAsync(j => j.FinishedAt, cancellationToken);
        return TypedResults.Ok(new FirecrawlQueueStatus(true, waiting + active, active, waiting, engine.Concurrency, lastSuccess));
    }

    private static async Task<Ok<FirecrawlConcurrency>> ConcurrencyAsync(Caller caller, JobsDbContext db, EngineSettings engine,
        CancellationToken cancellationToken)
    {
        var active = await db.Jobs.CountAsync(j => j.OrganisationId == caller.Organisation && j.Status == JobStatus.Processing, cancellationToken);
        return TypedResults.Ok(new FirecrawlConcurrency(true, active, engine.Concurrency));
    }
}
