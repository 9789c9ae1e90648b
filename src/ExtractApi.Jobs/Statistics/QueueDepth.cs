namespace ExtractApi.Jobs.Statistics;

/// <summary>How many jobs of a kind are in a status (stored names: <c>batch_scrape</c>, <c>extraction_done</c>).</summary>
public sealed record QueueDepth(string Status, string Kind, long Count);
