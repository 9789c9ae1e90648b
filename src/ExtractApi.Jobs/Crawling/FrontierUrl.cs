namespace ExtractApi.Jobs.Crawling;

/// <summary>A URL of the frontier handed to the crawler to fetch.</summary>
public sealed record FrontierUrl(int Ordinal, string Url, int Depth);
