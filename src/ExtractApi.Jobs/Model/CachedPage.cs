namespace ExtractApi.Jobs.Model;

/// <summary>
/// A page as an organisation last fetched it, kept for Firecrawl's <c>maxAge</c> cache: the HTTP answer (status, type,
/// final URL, body), converted again for each request that reuses it, so any formats and options can be served from it.
/// One row per organisation and requested URL; swept once past <see cref="ExpiresAt"/>.
/// </summary>
public sealed class CachedPage
{
    public required string OrganisationId { get; set; }
    /// <summary>The URL exactly as requested (what comes back as <c>sourceURL</c>).</summary>
    public required string Url { get; set; }
    public required string FinalUrl { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public required byte[] Body { get; set; }
    public bool Truncated { get; set; }
    public DateTime FetchedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
