namespace ExtractApi.Jobs.Engine;

/// <summary>What a lease renewal learned about one running job.</summary>
public readonly record struct LeaseRenewal(Guid JobId, bool CancelRequested);
