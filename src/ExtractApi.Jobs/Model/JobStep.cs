namespace ExtractApi.Jobs.Model;

/// <summary>
/// One step a worker went through for a job (fetch, convert, extract), written when the step ends: the execution
/// trace JustCrawl shows on <c>GET /api/v1/jobs/{id}</c>. A retried job has the steps of each attempt.
/// </summary>
public sealed class JobStep
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public int Attempt { get; set; }
    public required string Name { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime FinishedAt { get; set; }
    /// <summary><c>succeeded</c> or <c>failed</c>.</summary>
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
}
