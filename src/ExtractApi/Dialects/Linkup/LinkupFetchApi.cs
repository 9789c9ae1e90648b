using ExtractApi.Api;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Work;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Linkup;

/// <summary>
/// <c>POST /v1/fetch</c>: one URL fetched now (SSRF guard, the <c>Scraping</c> size and redirect limits, 30 s) and
/// answered as Markdown of its main content, with the raw HTML and the page's images when asked. Errors use Linkup's
/// fetch codes (<c>FETCH_ERROR</c>, <c>FETCH_RESPONSE_TOO_LARGE</c>, <c>FETCH_UNSUPPORTED_CONTENT_TYPE</c>), which the
/// Linkup SDK turns into its own error classes. <c>renderJs</c> renders the page in headless Chromium.
/// </summary>
public static class LinkupFetchApi
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    internal static IEndpointRouteBuilder MapLinkupFetch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/fetch", Fetch)
            .WithTags("Linkup")
            .WithName("LinkupFetch")
            .WithSummary("Fetches one URL now: `{url, renderJs?, includeRawHtml?, extractImages?}` → `{markdown, rawHtml?, images?:[{alt, url}]}`.")
            .RequireAuthorization()
            .Accepts<LinkupFetchRequest>("application/json")
            .ProducesErrors<LinkupError>(400, 401, 429);
        return app;
    }

    private static async Task<Results<Ok<LinkupFetchResponse>, JsonHttpResult<LinkupError>>> Fetch(HttpContext context, PageSource source, IOptions<ScrapingSettings> scraping, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToLinkup();
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return Invalid($"{notObject!.Field} {notObject.Message}", [notObject]);
        var text = reader.Text("url", required: true, maxLength: 8192);
        var url = text is null ? null : RequestReader.HttpUrl(text, out var problem) ?? Fail(reader, "url", problem!);
        var renderJs = reader.Flag("renderJs", false);
        var includeRawHtml = reader.Flag("includeRawHtml", false);
        var extractImages = reader.Flag("extractImages", false);
        if (!reader.IsValid) return Invalid(reader.Summary, reader.Errors);
        var settings = scraping.Value;
        // renderJs renders the page in the browser; without it, a script shell is still rendered (Rendering:Mode=auto).
        var fetched = (await source.GetAsync(url!, new FetchOptions
        {
            Timeout = Timeout, MaxBodyBytes = settings.MaxBodyBytes, MaxRedirects = settings.MaxRedirects,
        }, renderJs ? new PageRendering { Force = true } : null, Guid.Empty, cancellationToken)).Response;
        loggers.CreateLogger(typeof(LinkupFetchApi)).LogInformation("Linkup fetch {Url} answered {StatusCode} in {ElapsedMs} ms{Error}",
            url, fetched.StatusCode, (int)fetched.Elapsed.TotalMilliseconds, fetched.Error is null ? "" : $": {fetched.Error}");
        if (!fetched.Succeeded) return FetchError("FETCH_ERROR", $"The URL could not be fetched: {fetched.Error}");
        if (fetched.StatusCode >= 400) return FetchError("FETCH_ERROR", $"The URL answered HTTP {fetched.StatusCode}.");
        if (fetched.Truncated)
        {
            return FetchError("FETCH_RESPONSE_TOO_LARGE", $"The page is larger than the {settings.MaxBodyBytes} bytes this server fetches.");
        }
        var mediaType = (fetched.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var html = mediaType is "text/html" or "application/xhtml+xml";
        if (!(html || mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType == "application/pdf" || mediaType.EndsWith("json", StringComparison.Ordinal)
              || mediaType.EndsWith("xml", StringComparison.Ordinal) || mediaType.Length == 0))
        {
            return FetchError("FETCH_UNSUPPORTED_CONTENT_TYPE", $"Content type '{mediaType}' cannot be turned into Markdown.");
        }

        // The same conversion a scrape does (main content, by content type).
        var page = PageDocuments.Build(0, url!.AbsoluteUri, fetched,
            new ScrapeJobRequest([url.AbsoluteUri], ["markdown", "rawHtml"], OnlyMainContent: true, [], [], new Dictionary<string, string>(), (int)Timeout.TotalMilliseconds, null),
            new(settings.PageProcessingTimeout, cancellationToken));
        if (page.Status != PageStatus.Succeeded) return FetchError("FETCH_ERROR", page.Error ?? "The page could not be read.");
        IReadOnlyList<LinkupImage>? images = null;
        if (extractImages)
        {
            images = [];
            if (page.RawHtml is not null && html)
            {
                var document = HtmlDocumentParser.Parse(page.RawHtml);
                images = PageImages.Collect(document, PageUrls.DocumentBase(document, fetched.FinalUrl)).Select(i => new LinkupImage(i.Alt, i.Url)).ToList();
            }
        }
        return TypedResults.Ok(new LinkupFetchResponse(page.Markdown ?? "", includeRawHtml ? page.RawHtml ?? "" : null, images));
    }

    private static Uri? Fail(RequestReader reader, string field, string message)
    {
        reader.Fail(field, message);
        return null;
    }

    private static JsonHttpResult<LinkupError> Invalid(string message, IReadOnlyList<FieldError> details) =>
        new ApiError(400, "VALIDATION_ERROR", $"Invalid request: {message}", details).ToLinkup();

    private static JsonHttpResult<LinkupError> FetchError(string code, string message) => new ApiError(400, code, message).ToLinkup();
}
