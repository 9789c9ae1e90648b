using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Work;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// <c>POST /v2/parse</c>: an uploaded file (multipart <c>file</c>, with the parse options as JSON in <c>options</c>)
/// turned into a Document in the request, by the same conversion as a scraped page: PDF text (unless <c>parsers</c>
/// leaves <c>pdf</c> out; <c>maxPages</c> honoured), DOCX through the Open XML reader, HTML, plain text; the
/// <c>json</c> format filled by the extractor. Uploads are bounded by <c>Scraping:MaxBodyBytes</c>, like fetched pages.
/// </summary>
internal static class FirecrawlParseApi
{
    /// <summary>The keys of v2's ParseOptions (ScrapeOptions without the browser and cache ones).</summary>
    private static readonly string[] ParseKeys =
    [
        "formats", "headers", "includeTags", "excludeTags", "onlyMainContent", "timeout", "parsers", "skipTlsVerification",
        "removeBase64Images", "fastMode", "useMock", "blockAds", "proxy", "redactPII", "profile", "domainTools",
    ];

    public static RouteGroupBuilder MapParse(this RouteGroupBuilder group)
    {
        group.MapPost("/parse", ParseAsync)
            .WithName("FirecrawlV2Parse")
            .WithSummary("Turns an uploaded PDF, DOCX, HTML or text file (multipart `file`, JSON `options`) into a document.")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .ProducesErrors<FirecrawlError>(400, 401, 413, 422, 429);
        return group;
    }

    private static async Task<Results<Ok<FirecrawlScrapeAnswer>, JsonHttpResult<FirecrawlError>>> ParseAsync(HttpContext context, Caller caller,
        PageFormats formats, IOptions<ScrapingSettings> scraping, IOptions<PromptExtractorSettings> llm, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        const FirecrawlVersion version = FirecrawlVersion.V2;
        var maxBytes = scraping.Value.MaxBodyBytes;
        var http = context.Request;
        if (!http.HasFormContentType)
        {
            return ApiError.BadRequest("Send the file as multipart/form-data with a 'file' part (and the options as JSON in an 'options' field).").ToFirecrawl(version);
        }
        var tooLarge = ApiError.TooLarge($"The file is larger than {maxBytes} bytes (Scraping:MaxBodyBytes).");
        if (http.ContentLength > maxBytes + 64 * 1024) return tooLarge.ToFirecrawl(version);
        IFormCollection form;
        try
        {
            form = await http.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes }, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return tooLarge.ToFirecrawl(version);
        }
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0) return ApiError.BadRequest("Bad Request: file: a non-empty file is required", [new("file", "a non-empty file is required")]).ToFirecrawl(version);
        if (file.Length > maxBytes) return tooLarge.ToFirecrawl(version);

        JsonElement options;
        try
        {
            options = JsonDocument.Parse(form["options"].ToString() is { Length: > 0 } text ? text : "{}").RootElement.Clone();
        }
        catch (JsonException e)
        {
            return ApiError.BadRequest($"Bad Request: options: not valid JSON ({e.Message})", [new("options", "not valid JSON")]).ToFirecrawl(version);
        }
        var reader = RequestReader.ForObject(options, out var notObject);
        if (reader is null) return FirecrawlCrawlRequests.Invalid([new FieldError("options", notObject!.Message)]).ToFirecrawl(version);
        FirecrawlCrawlRequests.RejectUnknown(reader, "", ParseKeys);
        var request = FirecrawlCrawlRequests.ReadScrapeOptions(reader, version, "", llm.Value.IsConfigured);
        if (request.ChangeTracking is not null) reader.Fail("formats", "changeTracking compares scrapes of a URL; an uploaded file has none");
        if (!reader.IsValid) return FirecrawlCrawlRequests.Invalid([.. reader.Errors.Select(e => e with { Field = $"options.{e.Field}" })]).ToFirecrawl(version);

        byte[] content;
        await using (var stream = file.OpenReadStream())
        using (var buffer = new MemoryStream((int)file.Length))
        {
            await stream.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        var name = Path.GetFileName(file.FileName);
        var contentType = ContentTypeOf(content, name, file.ContentType);
        if (contentType is null)
        {
            return new ApiError(400, "UNSUPPORTED_FILE_TYPE", $"Unsupported file '{name}' ({file.ContentType}): send a PDF, DOCX, HTML or text file.").ToFirecrawl(version);
        }

        var id = Guid.CreateVersion7();
        var address = new Uri("file:///" + Uri.EscapeDataString(name));
        var fetched = new FetchResult(address, address, 200, contentType, content, false, null, TimeSpan.Zero);
        var page = PageDocuments.Build(0, name, fetched, request, new(scraping.Value.PageProcessingTimeout, cancellationToken));
        if (page.Status != PageStatus.Succeeded) return new ApiError(422, "PARSE_FAILED", $"The file could not be parsed: {page.Error}").ToFirecrawl(version);
        page = await formats.CompleteAsync(new PageFormats.PageOwner(id, caller.Organisation), page, fetched, request, null, visible: true, cancellationToken);
        logs.CreateLogger(typeof(FirecrawlParseApi)).LogInformation("Parse {JobId}: {File} ({ContentType}, {Bytes} bytes) parsed", id, name, contentType, content.Length);
        return TypedResults.Ok(new FirecrawlScrapeAnswer(true,
            FirecrawlDocuments.Build(version, id, 0, page.Markdown, page.Html, page.RawHtml, page.Links, page.MetadataJson, page.ExtrasJson)));
    }

    /// <summary>The file's type by its bytes first (PDF, DOCX, HTML), then by what the client said (text); null when unsupported.</summary>
    private static string? ContentTypeOf(byte[] content, string name, string? declared)
    {
        if (DocumentText.IsPdf(content)) return "application/pdf";
        if (DocxDocument.IsDocx(content, name, declared)) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (DocumentText.IsHtml(content, name, declared)) return "text/html; charset=utf-8";
        var type = (declared ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (type.StartsWith("text/", StringComparison.Ordinal) || name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            return "text/plain; charset=utf-8";
        }
        return null;
    }
}
