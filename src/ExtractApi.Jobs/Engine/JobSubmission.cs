using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>A job to create, as a dialect normalised it.</summary>
public sealed record JobSubmission(string OwnerSubject, string OrganisationId, Dialect Dialect, JobKind Kind, string RequestJson)
{
    /// <summary>The client's <c>Idempotency-Key</c>: scoped to the caller (organisation and subject), honoured for <see cref="EngineSettings.IdempotencyWindow"/>.</summary>
    public string? IdempotencyKey { get; init; }
    /// <summary>Units of work known up front (URLs of a batch), shown as <c>total</c> before the job starts.</summary>
    public int Total { get; init; }
    public int? MaxAttempts { get; init; }
}
