namespace ExtractApi.Jobs.Statistics;

/// <summary>The queue at <see cref="Now"/> (the database's clock): its depth, and what finished in the last hour.</summary>
public sealed record QueueSnapshot(IReadOnlyList<QueueDepth> Depth, IReadOnlyList<FinishedPerMinute> LastHour, DateTime Now);
