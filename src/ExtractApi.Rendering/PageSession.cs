using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;

namespace ExtractApi.Rendering;

/// <summary>
/// One page in a tab (of its own context, or of its job's <see cref="BrowserSession"/>): guard every request, load, let scripts settle, wait, run the actions, take the
/// screenshot, and read the DOM. What it gathered stays readable when the time limit cuts it short.
/// </summary>
internal sealed class PageSession(RenderRequest request, RequestGuard requestGuard, Stopwatch clock, TimeSpan limit, Uri? proxy, ILogger logger)
{
    /// <summary>How long the page's network may stay busy after <c>load</c> before its DOM is read anyway.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(3);

    private readonly ConcurrentQueue<BlockedRequest> _blocked = new();
    private readonly List<Image> _screenshots = [];
    private readonly List<ActionScrape> _scrapes = [];
    private readonly List<JavascriptReturn> _returns = [];
    private IPage? _page;
    private CancellationToken _cancellation;
    private int _documentGiven;
    private bool _navigated;
    private static string? _desktopAgent;

    /// <summary>Why the page's renderer died, once it did.</summary>
    public string? Crashed { get; private set; }

    public async Task<RenderResult> RunAsync(Tab tab, CancellationToken cancellationToken)
    {
        var page = tab.Page;
        _page = page;
        _cancellation = cancellationToken;
        var crashed = new TaskCompletionSource<RenderResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCrash(object? sender, PuppeteerSharp.ErrorEventArgs e)
        {
            Crashed = $"the page crashed ({e.Error})";
            crashed.TrySetException(new TargetClosedException(Crashed));
        }
        void OnNavigated(object? sender, FrameNavigatedEventArgs e)
        {
            if (e.Frame == page.MainFrame) _navigated = true;
        }
        Func<IRequest, Task> intercept = InterceptAsync;
        page.Error += OnCrash;
        page.FrameNavigated += OnNavigated;
        try
        {
            // A tab that serves a job's next page keeps what it was given for the first; its request handler is this page's.
            if (!tab.Prepared)
            {
                await PrepareTabAsync(page, cancellationToken);
                tab.Prepared = true;
            }
            if (request.Headers.Count > 0 || tab.HasHeaders)
            {
                await page.SetExtraHttpHeadersAsync(request.Headers.ToDictionary());
                tab.HasHeaders = request.Headers.Count > 0;
            }
            page.AddRequestInterceptor(intercept);
            var work = RenderAsync(page, cancellationToken);
            var finished = await Task.WhenAny(work, crashed.Task);
            return await finished;
        }
        finally
        {
            page.Error -= OnCrash;
            page.FrameNavigated -= OnNavigated;
            page.RemoveRequestInterceptor(intercept);
        }
    }

    private async Task<RenderResult> RenderAsync(IPage page, CancellationToken cancellationToken)
    {
        IResponse? response;
        try
        {
            response = await page.GoToAsync(request.Url.AbsoluteUri, new NavigationOptions
            {
                Timeout = (int)Math.Max(1, (limit - clock.Elapsed).TotalMilliseconds),
                WaitUntil = [WaitUntilNavigation.Load],
            }).WaitAsync(cancellationToken);
        }
        catch (NavigationException e) when (_blocked.FirstOrDefault(b => b.ResourceType == "document") is { } refused)
        {
            return Partial(refused.Reason, e) with { Refused = true };
        }
        catch (NavigationException e) when (e.InnerException is TimeoutException || e.Message.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            throw new OperationCanceledException(e.Message, e);
        }
        catch (NavigationException e)
        {
            return Partial($"Could not render {request.Url}: {e.Message}");
        }

        await SettleAsync(page, cancellationToken);
        if (request.WaitFor > TimeSpan.Zero) await Task.Delay(request.WaitFor, cancellationToken);
        for (var i = 0; i < request.Actions.Count; i++)
        {
            if (await RunActionAsync(page, request.Actions[i], cancellationToken) is { } problem)
            {
                return Partial($"Action {i} ({request.Actions[i].Type}) failed: {problem}");
            }
        }
        var screenshot = request.Screenshot is { } spec ? await CaptureAsync(page, spec, cancellationToken) : null;
        var html = await page.GetContentAsync().WaitAsync(cancellationToken);
        var contentType = response?.Headers.FirstOrDefault(h => h.Key.Equals("content-type", StringComparison.OrdinalIgnoreCase)).Value;
        return Partial(null) with
        {
            StatusCode = response is null ? null : (int)response.Status,
            ContentType = contentType,
            Html = html,
            Screenshot = screenshot,
        };
    }

    /// <summary>What was gathered so far, with <paramref name="error"/> (null when the page rendered).</summary>
    public RenderResult Partial(string? error, Exception? cause = null)
    {
        _ = cause;
        // A tab that served an earlier page of the job shows that page's address until this one's navigation commits.
        var final = _navigated && _page is { IsClosed: false } page && Uri.TryCreate(page.Url, UriKind.Absolute, out var at) && at.Scheme is "http" or "https" ? at : request.Url;
        return new RenderResult(request.Url, final, null, null, "", clock.Elapsed)
        {
            Error = error,
            ActionScreenshots = [.. _screenshots],
            Scrapes = [.. _scrapes],
            JavascriptReturns = [.. _returns],
            BlockedRequests = [.. _blocked],
        };
    }

    /// <summary>What a tab keeps for every page it renders: viewport and user agent, the guard script, request interception.</summary>
    private async Task PrepareTabAsync(IPage page, CancellationToken cancellationToken)
    {
        if (request.Mobile)
        {
            await page.SetViewportAsync(new ViewPortOptions { Width = 390, Height = 844, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2 });
            await page.SetUserAgentAsync(MobileUserAgent);
        }
        else
        {
            // Sites treat "HeadlessChrome" as a bot; the browser is the same Chrome either way. Asked once per process.
            _desktopAgent ??= (await page.Browser.GetUserAgentAsync()).Replace("HeadlessChrome", "Chrome", StringComparison.Ordinal);
            await page.SetUserAgentAsync(_desktopAgent);
        }
        // Request interception does not see WebSockets, nor the requests of service workers: in every frame of the page,
        // WebSocket constructors refuse and service workers cannot be registered (see the README on what this leaves).
        await page.EvaluateExpressionOnNewDocumentAsync(RefuseUnguardedChannels);
        if (request.Actions.Any(a => a.Type == "executeJavascript")) await page.SetBypassCSPAsync(true);
        await page.SetRequestInterceptionAsync(true);
        // A proxy URL's user information (http://user:password@host:port) answers the proxy's authentication challenge.
        if (proxy is { UserInfo.Length: > 0 } withUser)
        {
            var parts = withUser.UserInfo.Split(':', 2);
            await page.AuthenticateAsync(new Credentials
            {
                Username = Uri.UnescapeDataString(parts[0]),
                Password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "",
            });
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Every request of the page: refused ones are listed and aborted; the page's own document is answered with the one
    /// already fetched when there is one; a page read for its content only skips images, media, fonts and style sheets
    /// (they change nothing in the DOM it reads); the rest go out.
    /// </summary>
    private async Task InterceptAsync(IRequest intercepted)
    {
        var refusal = await requestGuard.RefusalAsync(intercepted.Url, _cancellation);
        if (refusal is null && request.Document is { } document && intercepted.IsNavigationRequest && intercepted.Frame == _page!.MainFrame
            && SameTarget(intercepted.Url, request.Url) && Interlocked.Exchange(ref _documentGiven, 1) == 0)
        {
            await intercepted.RespondAsync(new ResponseData
            {
                Status = (System.Net.HttpStatusCode)document.StatusCode,
                ContentType = document.ContentType,
                BodyData = document.Body,
            });
            return;
        }
        if (refusal is null && request.ContentOnly && intercepted.ResourceType is ResourceType.Image or ResourceType.Media or ResourceType.Font or ResourceType.StyleSheet)
        {
            await intercepted.AbortAsync(RequestAbortErrorCode.BlockedByClient);
            return;
        }
        if (refusal is null)
        {
            await intercepted.ContinueAsync();
            return;
        }
        var kind = intercepted.ResourceType.ToString().ToLowerInvariant();
        _blocked.Enqueue(new BlockedRequest(intercepted.Url, kind, refusal));
        logger.LogWarning("Blocked a {Kind} request of the page {Page} to {Url}: {Reason}", kind, request.Url, intercepted.Url, refusal);
        await intercepted.AbortAsync(RequestAbortErrorCode.BlockedByClient);
    }

    /// <summary>Lets scripts that fetch after <c>load</c> finish: until the network is idle briefly, at most a few seconds.</summary>
    private async Task SettleAsync(IPage page, CancellationToken cancellationToken)
    {
        var left = limit - clock.Elapsed;
        var wait = left < SettleLimit ? left : SettleLimit;
        if (wait <= TimeSpan.Zero) return;
        try
        {
            await page.WaitForNetworkIdleAsync(new WaitForNetworkIdleOptions { IdleTime = 150, Timeout = (int)wait.TotalMilliseconds }).WaitAsync(cancellationToken);
        }
        catch (TimeoutException)
        {
            // A page that keeps polling is read as it is.
        }
    }

    private static bool SameTarget(string requested, Uri url) =>
        Uri.TryCreate(requested, UriKind.Absolute, out var asked)
        && Uri.Compare(asked, url, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.Ordinal) == 0;

    private int RemainingMs => (int)Math.Max(1, (limit - clock.Elapsed).TotalMilliseconds);

    /// <summary>Runs one action; a problem (a selector that matches nothing...) comes back as text.</summary>
    private async Task<string?> RunActionAsync(IPage page, BrowserAction action, CancellationToken cancellationToken)
    {
        try
        {
            switch (action.Type)
            {
                case "wait" when action.Selector is { } selector:
                    await page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = RemainingMs }).WaitAsync(cancellationToken);
                    break;
                case "wait":
                    await Task.Delay(action.Milliseconds ?? 0, cancellationToken);
                    break;
                case "click":
                    var targets = await page.QuerySelectorAllAsync(action.Selector!).WaitAsync(cancellationToken);
                    if (targets.Length == 0) return $"no element matches '{action.Selector}'";
                    foreach (var target in action.All ? targets : targets[..1]) await target.ClickAsync().WaitAsync(cancellationToken);
                    await SettleAsync(page, cancellationToken);
                    break;
                case "write":
                    await page.Keyboard.TypeAsync(action.Text ?? "").WaitAsync(cancellationToken);
                    break;
                case "press":
                    await page.Keyboard.PressAsync(action.Key!).WaitAsync(cancellationToken);
                    await SettleAsync(page, cancellationToken);
                    break;
                case "scroll":
                    var sign = action.Direction == "up" ? "-" : "";
                    if (action.Selector is { } scrolled)
                    {
                        var element = await page.QuerySelectorAsync(scrolled).WaitAsync(cancellationToken);
                        if (element is null) return $"no element matches '{scrolled}'";
                        await element.EvaluateFunctionAsync($"e => e.scrollBy(0, {sign}e.clientHeight)").WaitAsync(cancellationToken);
                    }
                    else
                    {
                        await page.EvaluateExpressionAsync($"window.scrollBy(0, {sign}window.innerHeight)").WaitAsync(cancellationToken);
                    }
                    await SettleAsync(page, cancellationToken);
                    break;
                case "screenshot":
                    _screenshots.Add(await CaptureAsync(page, new ScreenshotSpec(action.FullPage, action.Quality), cancellationToken));
                    break;
                case "scrape":
                    _scrapes.Add(new ActionScrape(page.Url, await page.GetContentAsync().WaitAsync(cancellationToken)));
                    break;
                case "executeJavascript":
                    var value = await page.EvaluateFunctionAsync<JsonElement>(
                        "async (script) => { const v = await (0, eval)(script); return { type: typeof v, value: v === undefined ? null : v }; }",
                        action.Script ?? "").WaitAsync(cancellationToken);
                    _returns.Add(new JavascriptReturn(value.GetProperty("type").GetString() ?? "undefined", value.GetProperty("value").GetRawText()));
                    break;
                default:
                    return $"unknown action type '{action.Type}'";
            }
            return null;
        }
        catch (WaitTaskTimeoutException)
        {
            throw new OperationCanceledException();
        }
        catch (EvaluationFailedException e)
        {
            return e.Message;
        }
        catch (PuppeteerException e) when (e is not TargetClosedException)
        {
            return e.Message;
        }
    }

    private static async Task<Image> CaptureAsync(IPage page, ScreenshotSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Width is { } width)
        {
            var current = page.Viewport;
            await page.SetViewportAsync(new ViewPortOptions
            {
                Width = width,
                Height = spec.Height ?? current?.Height ?? 800,
                IsMobile = current?.IsMobile ?? false,
                HasTouch = current?.HasTouch ?? false,
                DeviceScaleFactor = current?.DeviceScaleFactor ?? 1,
            });
        }
        var jpeg = spec.Quality is not null;
        var bytes = await page.ScreenshotDataAsync(new ScreenshotOptions
        {
            FullPage = spec.FullPage,
            Type = jpeg ? ScreenshotType.Jpeg : ScreenshotType.Png,
            Quality = spec.Quality,
        }).WaitAsync(cancellationToken);
        return new Image(bytes, jpeg ? "image/jpeg" : "image/png");
    }

    private const string RefuseUnguardedChannels = """
        (() => {
          const refuse = function () { throw new DOMException('WebSockets are refused in rendered pages', 'SecurityError'); };
          for (const name of ['WebSocket', 'WebSocketStream']) {
            try { Object.defineProperty(globalThis, name, { value: refuse, writable: false, configurable: false }); } catch (e) {}
          }
          try { Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined, configurable: false }); } catch (e) {}
        })();
        """;

    private const string MobileUserAgent =
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Mobile Safari/537.36";
}
