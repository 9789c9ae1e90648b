using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping;
using ExtractApi.Extraction;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Jobs.Pages;

namespace ExtractApi.Work;

/// <summary>Turns a fetched URL into the stored page: converted by content type, trimmed to the requested formats.</summary>
public static class PageDocuments
{
    public static PageRecord Build(int ordinal, string requestedUrl, PageFetch source, ScrapeJobRequest request, PageLimit limit) =>
        Build(ordinal, requestedUrl, source.Response, request, limit, source);

    /// <summary>
    /// Bytes a conversion is estimated to hold per tag of the page: its parsed tree (about 275 bytes per <c>&lt;</c>
    /// on a page of 400,000 links), and beside it the links, the Markdown and main content's scores (about 440 in
    /// all at that page's peak). Rounded up: the estimate is a budget, better high than low.
    /// </summary>
    public const long ConversionBytesPerTag = 512;

    /// <summary>Bytes a conversion is estimated to hold per byte of the body: the body, its text and what is written from it.</summary>
    public const long ConversionBytesPerByte = 4;

    /// <summary>
    /// The memory converting <paramref name="body"/> is estimated to take: its tags (every <c>&lt;</c>, counted
    /// vectorised over the bytes, which any ASCII-compatible encoding spells the same) times
    /// <see cref="ConversionBytesPerTag"/>, plus its size times <see cref="ConversionBytesPerByte"/>. Body size
    /// alone is a poor measure: 0.36 MB of nested lists has as many elements as 3 MB of prose.
    /// </summary>
    public static long ConversionCost(ReadOnlySpan<byte> body) =>
        body.Count((byte)'<') * ConversionBytesPerTag + body.Length * ConversionBytesPerByte;

    /// <summary>
    /// <see cref="Build(int, string, PageFetch, ScrapeJobRequest, PageLimit)"/>, a large page once
    /// <paramref name="gate"/> admits it (asynchronously: a waiting page holds no thread), a page heavier than the
    /// gate's whole capacity failed without being converted.
    /// </summary>
    public static async Task<PageRecord> BuildAsync(int ordinal, string requestedUrl, PageFetch source, ScrapeJobRequest request, PageLimit limit,
        LargePageGate gate)
    {
        var cost = ConversionCost(source.Response.Body);
        if (!source.Response.Succeeded || !gate.IsLarge(cost)) return Build(ordinal, requestedUrl, source, request, limit);
        if (!gate.Fits(cost))
        {
            return Failed(ordinal, requestedUrl, source.Response, source,
                $"The page is too large to convert: its {source.Response.Body.AsSpan().Count((byte)'<'):N0} tags would take about {cost >> 20:N0} MB, " +
                $"more than Scraping:ConversionMemoryBudgetBytes ({gate.Capacity >> 20:N0} MB) allows.");
        }
        using (await gate.EnterAsync(cost, limit.CancellationToken))
        {
            ConversionMemory.MakeRoom(gate.Capacity);
            return Build(ordinal, requestedUrl, source, request, limit);
        }
    }

    /// <summary>How long the page's conversion may take (<see cref="ScrapingSettings.PageProcessingTimeout"/>) and the job's cancellation.</summary>
    public readonly record struct PageLimit(TimeSpan ProcessingTimeout, CancellationToken CancellationToken);

    /// <summary>
    /// The stored page. A page whose conversion runs past <paramref name="limit"/> is a failed page whose error says
    /// so (<see cref="PageWorkTimeoutException"/>); a cancelled job's token throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public static PageRecord Build(int ordinal, string requestedUrl, FetchResult fetched, ScrapeJobRequest request, PageLimit limit, PageFetch? source = null)
    {
        try
        {
            return Convert(ordinal, requestedUrl, fetched, request, limit, source);
        }
        catch (OutOfMemoryException e)
        {
            // An allocation the heap could not give (a heap limit, a container's memory): this page fails, the job goes on.
            // InsufficientMemoryException is one too. What the conversion held is garbage now.
            return Failed(ordinal, requestedUrl, fetched, source,
                $"The page ran out of memory while being converted ({fetched.Body.Length >> 20:N0} MB, {fetched.Body.AsSpan().Count((byte)'<'):N0} tags): {e.Message}");
        }
    }

    /// <summary>A failed page with its error (and, for a rendered one, what the browser reported, not its screenshots).</summary>
    private static PageRecord Failed(int ordinal, string requestedUrl, FetchResult fetched, PageFetch? source, string? error)
    {
        var failedMetadata = new JsonObject { ["sourceURL"] = requestedUrl, ["url"] = fetched.FinalUrl.AbsoluteUri, ["error"] = error };
        // A page that failed answers its error, not its screenshots or action results (nor stores them).
        if (source is not null) PageSource.Describe(source, ordinal, failedMetadata, []);
        return new PageRecord(ordinal, requestedUrl, PageStatus.Failed, fetched.StatusCode, null, null, null, null,
            failedMetadata.ToJsonString(), error, null, null);
    }

    private static PageRecord Convert(int ordinal, string requestedUrl, FetchResult fetched, ScrapeJobRequest request, PageLimit limit, PageFetch? source)
    {
        PageRecord Fail(string? error) => Failed(ordinal, requestedUrl, fetched, source, error);

        if (!fetched.Succeeded)
        {
            return Fail(fetched.Error);
        }

        var contentType = fetched.ContentType ?? "application/octet-stream";
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        var metadata = new JsonObject();
        string markdown;
        string? html = null;
        string? rawHtml = null;
        IReadOnlyList<string> links = [];

        var docx = DocxDocument.IsDocx(fetched.Body, fetched.FinalUrl.AbsolutePath, contentType);
        if (docx || mediaType is "text/html" or "application/xhtml+xml" || (!mediaType.StartsWith("text/", StringComparison.Ordinal) && LooksLikeHtml(fetched.Body)))
        {
            string text;
            try
            {
                // A Word document is read as the HTML the Open XML reader renders (headings, lists, tables), then converted like a page.
                text = docx ? DocxDocument.ToHtml(fetched.Body) : source?.Text ?? Decode(fetched.Body, contentType);
            }
            catch (InvalidDocumentException e)
            {
                return Fail(e.Message);
            }
            ConvertedPage page;
            try
            {
                page = PageWork.Run(limit.ProcessingTimeout, () => PageConverter.Convert(text, fetched.FinalUrl, new ConversionOptions
                {
                    OnlyMainContent = request.OnlyMainContent,
                    IncludeTags = request.IncludeTags,
                    ExcludeTags = request.ExcludeTags,
                    CleanedHtml = request.Formats.Contains("html"),
                }), limit.CancellationToken);
            }
            catch (PageWorkTimeoutException e)
            {
                return Fail(e.Message);
            }
            markdown = page.Markdown;
            html = page.Html;
            rawHtml = docx ? null : text;
            links = page.Links;
            metadata = (JsonObject)JsonSerializer.SerializeToNode(page.Metadata with { MetaTags = new Dictionary<string, string>() }, MetadataJson)!;
            metadata.Remove("metaTags");
            if (metadata["ogLocaleAlternate"] is JsonArray { Count: 0 }) metadata.Remove("ogLocaleAlternate");
        }
        else if (mediaType == "application/pdf" && !request.ParsePdf)
        {
            // Firecrawl without the pdf parser: the PDF is not read; its bytes stay in the raw blob.
            markdown = "";
        }
        else if (mediaType == "application/pdf")
        {
            try
            {
                markdown = DocumentText.FromPdf(fetched.Body, request.PdfMaxPages ?? DocumentText.DefaultMaxPages);
            }
            catch (InvalidDocumentException e)
            {
                return Fail(e.Message);
            }
        }
        else if (mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.EndsWith("json", StringComparison.Ordinal)
                 || mediaType.EndsWith("xml", StringComparison.Ordinal))
        {
            markdown = Decode(fetched.Body, contentType);
            rawHtml = markdown;
        }
        else
        {
            markdown = "";
        }

        metadata["sourceURL"] = requestedUrl;
        metadata["url"] = fetched.FinalUrl.AbsoluteUri;
        metadata["statusCode"] = fetched.StatusCode;
        metadata["contentType"] = contentType;
        if (fetched.Truncated) metadata["truncated"] = true;
        if (fetched.StatusCode >= 400)
        {
            metadata["error"] = $"{fetched.StatusCode} {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(fetched.StatusCode!.Value)}".Trim();
        }

        var extras = new JsonObject();
        var screenshots = source is null ? [] : PageSource.Describe(source, ordinal, metadata, extras);

        markdown = WithoutNul(markdown);
        html = html is null ? null : WithoutNul(html);
        rawHtml = rawHtml is null ? null : WithoutNul(rawHtml);
        var formats = request.Formats;
        return new PageRecord(ordinal, requestedUrl, PageStatus.Succeeded, fetched.StatusCode,
            formats.Contains("markdown") ? markdown : null,
            formats.Contains("html") ? html ?? WebUtility.HtmlEncode(markdown) : null,
            // Binary bodies (PDF, images) have no raw HTML; their bytes stay in the raw blob.
            formats.Contains("rawHtml") ? rawHtml : null,
            formats.Contains("links") ? links : null,
            metadata.ToJsonString(),
            null,
            fetched.Body,
            contentType) { FoundLinks = links, Screenshots = screenshots, ExtrasJson = extras.Count == 0 ? null : extras.ToJsonString() };
    }

    /// <summary>The page as a Firecrawl document (webhook <c>page</c> events).</summary>
    public static JsonObject ToFirecrawlDocument(PageRecord page)
    {
        var document = new JsonObject();
        if (page.Markdown is not null) document["markdown"] = page.Markdown;
        if (page.Html is not null) document["html"] = page.Html;
        if (page.RawHtml is not null) document["rawHtml"] = page.RawHtml;
        if (page.Links is not null) document["links"] = new JsonArray(page.Links.Select(l => (JsonNode)l!).ToArray());
        document["metadata"] = page.MetadataJson is null ? new JsonObject() : JsonNode.Parse(page.MetadataJson);
        if (page.ExtrasJson is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(page.ExtrasJson)!.AsObject()) document[key] = value?.DeepClone();
        }
        return document;
    }

    /// <summary>PostgreSQL text cannot hold U+0000, which PDFs and odd pages do produce.</summary>
    private static string WithoutNul(string text) => text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static bool LooksLikeHtml(byte[] body)
    {
        var head = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).TrimStart();
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The body as text, in the encoding a browser would read it in (<see cref="PageEncoding"/>): its byte order
    /// mark, the charset its Content-Type names, else for HTML the charset its markup declares in its first
    /// 1,024 bytes, else UTF-8.
    /// </summary>
    public static string Decode(byte[] body, string contentType)
    {
        var mediaType = contentType.Split(';')[0].Trim().ToLowerInvariant();
        var html = mediaType is "text/html" or "application/xhtml+xml"
            || (!mediaType.StartsWith("text/", StringComparison.Ordinal) && !mediaType.EndsWith("json", StringComparison.Ordinal) && !mediaType.EndsWith("xml", StringComparison.Ordinal));
        return PageEncoding.Decode(body, contentType, html);
    }

    private static readonly JsonSerializerOptions MetadataJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
