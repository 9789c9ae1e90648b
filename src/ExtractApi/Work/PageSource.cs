using System.Text;
using System.Text.Json.Nodes;
using ExtractApi.Jobs.Pages;
using ExtractApi.Rendering;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Fetching;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// The one way the worker gets a page (scrape, batch and crawl pages alike): over plain HTTP, or in headless Chromium
/// when the request needs a browser (waits, actions, screenshot, mobile, renderJs), when <c>Rendering:Mode</c> is
/// <c>always</c>, or, in <c>auto</c>, when the fetched page is a script shell (<see cref="ScriptShell"/>). A shell
/// that cannot be rendered keeps what the fetch got.
/// </summary>
public sealed class PageSource(PageFetcher fetcher, BrowserPool browser, IOptions<RenderingSettings> settings, ILogger<PageSource> logger)
{
    /// <summary>A page on its own (its rendering, if any, in a fresh browser context).</summary>
    public Task<PageFetch> GetAsync(Uri url, FetchOptions options, PageRendering? rendering, Guid jobId, CancellationToken cancellationToken) =>
        GetAsync(url, options, rendering, jobId, null, cancellationToken);

    /// <summary>
    /// The pages of one job (a batch scrape or a crawl): those it renders share the job's own browser context and
    /// tabs (<see cref="BrowserSession"/>), closed when the job disposes it; nothing is shared with other jobs.
    /// </summary>
    public JobPages ForJob(Guid jobId) => new(this, jobId, browser.OpenSession());

    internal async Task<PageFetch> GetAsync(Uri url, FetchOptions options, PageRendering? rendering, Guid jobId, BrowserSession? session,
        CancellationToken cancellationToken)
    {
        var mode = settings.Value.Mode;
        if (rendering is { NeedsBrowser: true })
        {
            if (mode == "never")
            {
                return new PageFetch(new FetchResult(url, url, null, null, [], false,
                    $"{BrowserPool.UnavailableMessagePrefix}: this server runs with Rendering:Mode=never, and the request needs a browser (waitFor, actions, screenshot, mobile or renderJs).",
                    TimeSpan.Zero), PageFetch.HttpEngine, null);
            }
            return await RenderAsync(url, options, rendering, jobId, session, cancellationToken);
        }
        if (mode == "always" && PageFetcher.IsFetchable(url, out _)) return await RenderAsync(url, options, rendering, jobId, session, cancellationToken);

        var fetched = await fetcher.FetchAsync(url, options, cancellationToken);
        if (mode != "auto" || fetched is not { Succeeded: true, StatusCode: < 400 } || !IsHtml(fetched)) return new PageFetch(fetched, PageFetch.HttpEngine, null);
        var text = PageDocuments.Decode(fetched.Body, fetched.ContentType!);
        if (ScriptShell.IsShell(text))
        {
            // The browser is given the document just fetched rather than asking the site for it again (unless it was cut short).
            var document = fetched.Truncated ? null : new FetchedDocument(fetched.StatusCode!.Value, fetched.ContentType!, fetched.Body);
            var rendered = await RenderAsync(fetched.FinalUrl, options, rendering, jobId, session, cancellationToken, document);
            if (rendered.Response.Succeeded) return rendered with { Response = rendered.Response with { RequestedUrl = url } };
            logger.LogInformation("Page {Url} of job {JobId} looks like a script shell but could not be rendered ({Error}); keeping the fetched page",
                url, jobId, rendered.Response.Error);
        }
        return new PageFetch(fetched, PageFetch.HttpEngine, null) { Text = KeptText(fetched.Body, text) };
    }

    /// <summary>
    /// The text read from a body, kept beside it for the conversion when the body is under a megabyte. A larger page may
    /// wait for room to convert (<see cref="LargePageGate"/>): waiting, it holds its body only (a 7.5 MB body's text
    /// is another 15 MB), and is read again once admitted.
    /// </summary>
    private static string? KeptText(byte[] body, string? text) => body.Length < 1024 * 1024 ? text : null;

    private async Task<PageFetch> RenderAsync(Uri url, FetchOptions options, PageRendering? rendering, Guid jobId, BrowserSession? session,
        CancellationToken cancellationToken, FetchedDocument? document = null)
    {
        var result = await browser.RenderAsync(new RenderRequest(url)
        {
            Headers = options.Headers,
            Timeout = options.Timeout,
            WaitFor = TimeSpan.FromMilliseconds(rendering?.WaitForMs ?? 0),
            Mobile = rendering?.Mobile ?? false,
            // Firecrawl's default: a page rendered on the server's own decision blocks ads too.
            BlockAds = rendering?.BlockAds ?? true,
            Actions = rendering?.Actions ?? [],
            Screenshot = rendering?.Screenshot,
            Document = document,
            ContentOnly = rendering?.Screenshot is null && rendering?.Actions is not { Count: > 0 },
        }, session, cancellationToken);
        if (result.BlockedRequests.Count > 0)
        {
            logger.LogInformation("Rendering {Url} of job {JobId}: {Count} requests blocked", url, jobId, result.BlockedRequests.Count);
        }
        var body = Encoding.UTF8.GetBytes(result.Html);
        var response = new FetchResult(url, result.FinalUrl, result.StatusCode, result.Succeeded ? "text/html; charset=utf-8" : result.ContentType,
            result.Succeeded ? body : [], false, result.Error, result.Elapsed) { Refused = result.Refused };
        return new PageFetch(response, PageFetch.BrowserEngine, result) { JobId = jobId, Text = result.Succeeded ? KeptText(body, result.Html) : null };
    }

    /// <summary>The pages of one job, see <see cref="ForJob"/>.</summary>
    public sealed class JobPages(PageSource source, Guid jobId, BrowserSession session) : IAsyncDisposable
    {
        public Task<PageFetch> GetAsync(Uri url, FetchOptions options, PageRendering? rendering, CancellationToken cancellationToken) =>
            source.GetAsync(url, options, rendering, jobId, session, cancellationToken);

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }

    private static bool IsHtml(FetchResult fetched) =>
        fetched.ContentType?.Split(';')[0].Trim().ToLowerInvariant() is "text/html" or "application/xhtml+xml";

    /// <summary>
    /// What the browser adds to a page: the engine and the requests it refused go into its <paramref name="metadata"/>;
    /// the screenshot and the action results go into its <paramref name="extras"/> (document keys, Firecrawl's
    /// <c>screenshot</c> and <c>actions</c>), the images named by paths the dialect turns into links when it answers.
    /// Returns the images to store.
    /// </summary>
    public static IReadOnlyList<PageScreenshot> Describe(PageFetch page, int ordinal, JsonObject metadata, JsonObject extras)
    {
        metadata["engine"] = page.Engine;
        if (page.Rendered is not { } rendered) return [];
        var images = new List<PageScreenshot>();
        string Link(Image image)
        {
            images.Add(new PageScreenshot(image.Bytes, image.ContentType));
            return ScreenshotLinkPrefix + $"{page.JobId:N}/{ordinal}/{images.Count - 1}";
        }
        if (rendered.Screenshot is { } screenshot) extras["screenshot"] = Link(screenshot);
        if (rendered.ActionScreenshots.Count > 0 || rendered.Scrapes.Count > 0 || rendered.JavascriptReturns.Count > 0)
        {
            extras["actions"] = new JsonObject
            {
                ["screenshots"] = new JsonArray(rendered.ActionScreenshots.Select(i => (JsonNode)Link(i)).ToArray()),
                ["scrapes"] = new JsonArray(rendered.Scrapes.Select(s => (JsonNode)new JsonObject { ["url"] = s.Url, ["html"] = s.Html }).ToArray()),
                ["javascriptReturns"] = new JsonArray(rendered.JavascriptReturns
                    .Select(r => (JsonNode)new JsonObject { ["type"] = r.Type, ["value"] = r.ValueJson is null ? null : JsonNode.Parse(r.ValueJson) }).ToArray()),
            };
        }
        if (rendered.BlockedRequests.Count > 0)
        {
            metadata["blockedRequests"] = new JsonArray(rendered.BlockedRequests
                .Select(b => (JsonNode)new JsonObject { ["url"] = b.Url, ["type"] = b.ResourceType, ["reason"] = b.Reason }).ToArray());
        }
        return images;
    }

    /// <summary>
    /// How a stored screenshot is named in a page's metadata (followed by job, ordinal and index): the dialect makes it
    /// an absolute link to <c>GET /v1/screenshots/{job}/{ordinal}/{index}</c>, fetched with the caller's token.
    /// </summary>
    public const string ScreenshotLinkPrefix = "/v1/screenshots/";
}
