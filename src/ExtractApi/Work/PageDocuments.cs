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

    /// <summary>A body at least this large is a large page: its parsed tree can take hundreds of megabytes.</summary>
    public const int LargePageBytes = 1024 * 1024;

    /// <summary>
    /// How many bytes of large pages are converted at once, across the process. A page's parsed tree takes tens of
    /// times its size (a 7.5 MB page of 400,000 links about 400 MB), so the bodies in conversion together bound the
    /// trees alive together: this much lets two pages of up to 4 MB convert side by side on two cores, and a page
    /// larger than that convert alone. No more large pages convert at once than there are cores: conversion is CPU
    /// work, and more at once would not finish sooner while each adds its tree to the peak memory.
    /// </summary>
    public const long LargePageBudgetBytes = 8L * 1024 * 1024;

    private static readonly LargePageGate LargePages = new(LargePageBudgetBytes, Environment.ProcessorCount);

    /// <summary><see cref="Build(int, string, PageFetch, ScrapeJobRequest, PageLimit)"/>, a large page once the large-page gate admits it (asynchronously: a waiting page holds no thread).</summary>
    public static async Task<PageRecord> BuildAsync(int ordinal, string requestedUrl, PageFetch source, ScrapeJobRequest request, PageLimit limit)
    {
        var size = Math.Max(source.Response.Body.Length, source.Text?.Length ?? 0);
        if (size < LargePageBytes) return Build(ordinal, requestedUrl, source, request, limit);
        using (await LargePages.EnterAsync(size, limit.CancellationToken))
        {
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
        PageRecord Failed(string? error)
        {
            var failedMetadata = new JsonObject { ["sourceURL"] = requestedUrl, ["url"] = fetched.FinalUrl.AbsoluteUri, ["error"] = error };
            // A page that failed answers its error, not its screenshots or action results (nor stores them).
            if (source is not null) PageSource.Describe(source, ordinal, failedMetadata, []);
            return new PageRecord(ordinal, requestedUrl, PageStatus.Failed, fetched.StatusCode, null, null, null, null,
                failedMetadata.ToJsonString(), error, null, null);
        }

        if (!fetched.Succeeded)
        {
            return Failed(fetched.Error);
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
                return Failed(e.Message);
            }
            ConvertedPage page;
            try
            {
                page = PageWork.Run(limit.ProcessingTimeout, () => PageConverter.Convert(text, fetched.FinalUrl, new ConversionOptions
                {
                    OnlyMainContent = request.OnlyMainContent,
                    IncludeTags = request.IncludeTags,
                    ExcludeTags = request.ExcludeTags,
                }), limit.CancellationToken);
            }
            catch (PageWorkTimeoutException e)
            {
                return Failed(e.Message);
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
                return Failed(e.Message);
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
