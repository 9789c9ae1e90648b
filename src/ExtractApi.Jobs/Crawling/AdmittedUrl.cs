namespace ExtractApi.Jobs.Crawling;

/// <summary>A URL the crawl admitted (to fetch), or recorded as blocked by robots.txt.</summary>
public sealed record AdmittedUrl(int Ordinal, string Url, string DedupeKey, int Depth, bool Blocked);
