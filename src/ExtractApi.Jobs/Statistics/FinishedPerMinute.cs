namespace ExtractApi.Jobs.Statistics;

/// <summary>Jobs that finished in one minute of the last hour (<c>Minute</c> is the minute's start, UTC).</summary>
public sealed record FinishedPerMinute(DateTime Minute, long Completed, long Failed, long Cancelled);
