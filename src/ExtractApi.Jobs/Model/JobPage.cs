namespace ExtractApi.Jobs.Model;

/// <summary>One URL of a batch scrape and the document made from it.</summary>
public sealed class JobPage
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    /// <summary>Position of the URL in the request; documents are listed in this order.</summary>
    public int Ordinal { get; set; }
    public required string Url { get; set; }
    public PageStatus Status { get; set; }
    public int? StatusCode { get; set; }
    public string? Markdown { get; set; }
    public string? Html { get; set; }
    public string? RawHtml { get; set; }
    public string[]? Links { get; set; }
    /// <summary>Page metadata (jsonb): title, description, language, Open Graph, sourceURL, url, statusCode...</summary>
    public string? Metadata { get; set; }
    /// <summary>
    /// Document keys beyond the page's text (jsonb object): <c>json</c>/<c>extract</c> (the extractor's answer),
    /// <c>summary</c>, <c>changeTracking</c>; null when none was asked for.
    /// </summary>
    public string? Extras { get; set; }
    public string? Error { get; set; }
    /// <summary>Bytes of rendered content, used to cut status responses at ~10 MB.</summary>
    public long ContentBytes { get; set; }
    public string? RawBlobKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
