using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Pages;

/// <summary>A scraped page ready to store: the document fields plus the raw bytes kept as a blob.</summary>
public sealed record PageRecord(
    int Ordinal,
    string Url,
    PageStatus Status,
    int? StatusCode,
    string? Markdown,
    string? Html,
    string? RawHtml,
    IReadOnlyList<string>? Links,
    string? MetadataJson,
    string? Error,
    byte[]? RawBody,
    string? RawContentType)
{
    /// <summary>Every link of the page, whichever formats were asked for (what a crawl follows); not stored.</summary>
    public IReadOnlyList<string> FoundLinks { get; init; } = [];

    /// <summary>Document keys beyond the page's text (a JSON object: <c>json</c>, <c>summary</c>, <c>changeTracking</c>...), or null.</summary>
    public string? ExtrasJson { get; init; }

    /// <summary>Screenshots of the page, stored as blobs owned like the job (<see cref="ScrapePageStore.ScreenshotBlobKey"/>).</summary>
    public IReadOnlyList<PageScreenshot> Screenshots { get; init; } = [];

    public long ContentBytes => (Markdown?.Length ?? 0) + (Html?.Length ?? 0) + (RawHtml?.Length ?? 0)
        + (Links?.Sum(l => l.Length + 3) ?? 0) + (MetadataJson?.Length ?? 0) + (ExtrasJson?.Length ?? 0);
}
