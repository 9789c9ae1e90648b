namespace ExtractApi.Scraping.Fetching;

/// <summary>What came back for one URL. <see cref="Error"/> is set when no HTTP answer could be had.</summary>
public sealed record FetchResult(
    Uri RequestedUrl,
    Uri FinalUrl,
    int? StatusCode,
    string? ContentType,
    byte[] Body,
    bool Truncated,
    string? Error,
    TimeSpan Elapsed)
{
    public bool Succeeded => Error is null;

    /// <summary>How long the server asked to be left alone (<c>Retry-After</c> on a 429 or 503), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The SSRF guard refused the connection (the address is not allowed), as opposed to a network failure.</summary>
    public bool Refused { get; init; }
}
