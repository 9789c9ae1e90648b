namespace ExtractApi.Jobs.Crawling;

/// <summary>A URL found by the crawl, before admission.</summary>
public sealed record FrontierCandidate(string Url, string DedupeKey, int Depth, bool Blocked = false);
