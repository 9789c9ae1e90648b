using System.Text.Json;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Statistics;

namespace ExtractApi.Dashboard;

public sealed record DashboardJobFilter(JobStatus? Status, Dialect? Dialect, string? Organisation, TimeSpan? MaxAge, int Limit);

public sealed record DashboardSummary(IReadOnlyList<QueueDepth> Depth, IReadOnlyList<FinishedPerMinute> LastHour, DateTime Now);

public sealed record DashboardJob(Guid Id, string Dialect, string Kind, string Status, string Owner, string Organisation,
    int Total, int Completed, int Attempts, int MaxAttempts, string? Error, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt);

public sealed record DashboardPage(int Ordinal, string Url, string Status, int? StatusCode, string? Error, long ContentBytes);

public sealed record DashboardJobDetail(DashboardJob Job, JsonElement Request, JsonElement? Result, bool CancelRequested,
    string? LeaseOwner, DateTime? LeaseExpiresAt, DateTime? RunAfter, DateTime UpdatedAt, DateTime? ExpiresAt,
    IReadOnlyList<DashboardPage> Pages, int PagesShown);

/// <summary>A dashboard request that could not be served: <c>{error}</c> (400, 404, 409).</summary>
public sealed record DashboardError(string Error);

/// <summary><c>POST /dashboard/api/jobs/{id}/cancel</c>.</summary>
public sealed record DashboardCancelled(bool Cancelled);

/// <summary><c>POST /dashboard/api/jobs/{id}/retry</c>.</summary>
public sealed record DashboardRetried(bool Retried);
