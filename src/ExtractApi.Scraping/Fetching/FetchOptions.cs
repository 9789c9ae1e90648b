namespace ExtractApi.Scraping.Fetching;

/// <summary>Limits of one page fetch.</summary>
public sealed record FetchOptions
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Bodies are cut here (the page is kept, marked truncated).</summary>
    public long MaxBodyBytes { get; init; } = 10L * 1024 * 1024;
    public int MaxRedirects { get; init; } = 10;
    /// <summary>Retries after transient failures only (connection errors, 429, 502, 503, 504).</summary>
    public int MaxRetries { get; init; } = 2;
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
