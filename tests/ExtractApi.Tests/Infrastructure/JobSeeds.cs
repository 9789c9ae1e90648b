using ExtractApi.Jobs.Model;

namespace ExtractApi.Tests.Infrastructure;

/// <summary>Jobs as the engine leaves them, for testing how each dialect renders every status.</summary>
public static class JobSeeds
{
    public static readonly DateTime Created = new(2026, 11, 20, 14, 30, 0, 123, DateTimeKind.Utc);

    public static Job Job(Dialect dialect, JobKind kind, JobStatus status, string owner = "alice", string org = "org-1",
        string request = "{}", string? result = null, string? error = null)
    {
        var finished = status.IsFinished();
        return new Job
        {
            Id = Guid.NewGuid(),
            OwnerSubject = owner,
            OrganisationId = org,
            Dialect = dialect,
            Kind = kind,
            Status = status,
            Request = request,
            Result = result,
            Error = error,
            CreatedAt = Created,
            UpdatedAt = Created.AddSeconds(5),
            StartedAt = status == JobStatus.Pending ? null : Created.AddSeconds(1),
            FinishedAt = finished ? Created.AddMilliseconds(3842) : null,
            ExpiresAt = DateTime.UtcNow.AddHours(24),
        };
    }

    /// <summary>A page a batch scraped successfully, as the page store leaves it.</summary>
    public static JobPage Page(Guid jobId, int ordinal, string markdown, long contentBytes) => new()
    {
        JobId = jobId, Ordinal = ordinal, Url = $"https://example.com/{ordinal}", Status = PageStatus.Succeeded, StatusCode = 200,
        Markdown = markdown, ContentBytes = contentBytes, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };

    public static readonly JobStatus[] AllStatuses = Enum.GetValues<JobStatus>();
}
