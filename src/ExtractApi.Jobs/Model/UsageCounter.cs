namespace ExtractApi.Jobs.Model;

/// <summary>
/// How many metered operations (Docmap extractions) one user started in one billing period (<c>YYYY-MM</c>). Counted
/// when the operation is accepted and never decremented: deleting an extraction does not give its use back.
/// </summary>
public sealed class UsageCounter
{
    public required string OwnerSubject { get; set; }
    public required string PeriodKey { get; set; }
    public int Used { get; set; }
    public DateTime UpdatedAt { get; set; }
}
