namespace ExtractApi.Jobs.Model;

/// <summary>One asynchronous unit of work, owned by a subject within an organisation.</summary>
public sealed class Job
{
    public Guid Id { get; set; }
    public required string OwnerSubject { get; set; }
    public required string OrganisationId { get; set; }
    public Dialect Dialect { get; set; }
    public JobKind Kind { get; set; }
    public JobStatus Status { get; set; }

    /// <summary>The request as the dialect normalised it (jsonb).</summary>
    public required string Request { get; set; }
    /// <summary>The computed result (jsonb); set when the job reaches extraction_done or completed.</summary>
    public string? Result { get; set; }
    public string? Error { get; set; }
    /// <summary>
    /// The extraction_results row a handler computed (jsonb, snake_case keys), staged on the job between
    /// extraction_done and completed; the bulk writer lands it and clears it in one statement.
    /// </summary>
    public string? StagedResultRow { get; set; }

    public int Total { get; set; }
    public int Completed { get; set; }
    public int CreditsUsed { get; set; }

    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 3;
    /// <summary>The current claim's fencing token (null when no worker holds the job); its expiry is the queue row's.</summary>
    public Guid? LeaseToken { get; set; }
    /// <summary>The worker of the current or last attempt, for diagnosis.</summary>
    public string? LeaseOwner { get; set; }
    public bool CancelRequested { get; set; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the request that created the job, when there was one: each run's activity links
    /// to it, so a trace of the request leads to the runs it caused.
    /// </summary>
    public string? TraceParent { get; set; }

    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>After this instant the job is gone for clients and swept with its data.</summary>
    public DateTime? ExpiresAt { get; set; }
}
