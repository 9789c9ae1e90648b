using System.Diagnostics;
using ExtractApi.Scraping.Fetching;
using Microsoft.Extensions.Logging;
using PuppeteerSharp;

namespace ExtractApi.Rendering;

/// <summary>
/// Renders pages in one headless Chromium (the installed executable; nothing is downloaded), at most
/// <see cref="RendererOptions.Contexts"/> at once, each page in a fresh incognito browser context that is closed
/// afterwards, so no cookie, storage or cache is shared between pages, jobs or tenants. Every request a page makes
/// passes the <see cref="RequestGuard"/>. A page has a time limit; a browser that crashed, disconnected or hangs is
/// replaced (the page that met the crash is tried once more), and the browser is launched on first use, so a server
/// without Chromium starts and only pages that need rendering fail, saying why.
/// </summary>
public sealed class BrowserPool(RendererOptions options, SsrfGuard guard, ILogger<BrowserPool> logger) : IAsyncDisposable
{
    /// <summary>How the error of every page the pool cannot render at all begins.</summary>
    public const string UnavailableMessagePrefix = "Browser rendering is unavailable";

    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Contexts));
    private readonly SemaphoreSlim _launch = new(1, 1);
    private readonly Queue<Task<Tab?>> _ahead = new();
    /// <summary>Tabs of open sessions waiting for their job's next page, least recently used first.</summary>
    private readonly LinkedList<Tab> _idle = new();

    /// <summary>Fresh contexts kept ready for the next page (see <see cref="TakeFreshPageAsync"/>).</summary>
    public const int ContextsMadeAhead = 1;
    private IBrowser? _browser;
    private bool _disposed;

    public RendererOptions Options => options;

    /// <summary>Browsers replaced since the pool started.</summary>
    public int Restarts { get; private set; }

    /// <summary>Contexts rendering a page now.</summary>
    public int InUse => Math.Max(1, options.Contexts) - _slots.CurrentCount;

    /// <summary>The browser's process id while one runs (tests kill it to check recovery).</summary>
    public int? BrowserProcessId => _browser?.Process?.Id;

    /// <summary>Renders one page in a fresh context of its own.</summary>
    public Task<RenderResult> RenderAsync(RenderRequest request, CancellationToken cancellationToken) =>
        RenderAsync(request, null, cancellationToken);

    /// <summary>
    /// Renders one page of a job: in the job's own context and one of its tabs when <paramref name="session"/> is
    /// given and the page may share them (<see cref="RenderRequest.MayShareTab"/>), else in a fresh context.
    /// </summary>
    public async Task<RenderResult> RenderAsync(RenderRequest request, BrowserSession? session, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!PageFetcher.IsFetchable(request.Url, out var schemeError)) return RenderResult.Failed(request.Url, schemeError!, clock.Elapsed);
        if (!File.Exists(options.ExecutablePath))
        {
            return RenderResult.Failed(request.Url, $"{UnavailableMessagePrefix}: no Chromium at '{options.ExecutablePath}' " +
                "(install Debian's chromium package, or set Rendering:ExecutablePath).", clock.Elapsed);
        }
        if (!request.MayShareTab) session = null;

        await _slots.WaitAsync(cancellationToken);
        RenderingMetrics.ContextsInUse.Inc();
        var started = Stopwatch.GetTimestamp();
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                IBrowser browser;
                try
                {
                    browser = await GetBrowserAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    logger.LogError(e, "Chromium at {Path} could not be started", options.ExecutablePath);
                    return Count(RenderResult.Failed(request.Url, $"{UnavailableMessagePrefix}: Chromium at '{options.ExecutablePath}' could not be started: {e.Message}", clock.Elapsed));
                }
                try
                {
                    return Count(await RenderOnceAsync(browser, request, session, clock, cancellationToken));
                }
                catch (BrowserCrashedException e) when (e.TabOnly)
                {
                    // Only the page's renderer died, nearly always of the page itself (out of its heap limit): the browser
                    // and its other pages carry on, and trying again would only crash again after as long.
                    logger.LogWarning("The tab rendering {Url} crashed ({Reason})", request.Url, e.Message);
                    return Count(RenderResult.Failed(request.Url, $"The page's tab crashed while rendering ({e.Message}; each page may use at most " +
                        $"{options.MaxPageMemoryMegabytes} MB of script memory).", clock.Elapsed));
                }
                catch (BrowserCrashedException e)
                {
                    logger.LogWarning("The browser failed while rendering {Url} ({Reason}); replacing it{Retry}", request.Url, e.Message,
                        attempt == 0 ? " and trying the page once more" : "");
                    await ReplaceAsync(browser);
                    if (attempt > 0) return Count(RenderResult.Failed(request.Url, $"The browser crashed twice rendering the page: {e.Message}", clock.Elapsed));
                }
            }
        }
        finally
        {
            RenderingMetrics.RenderDuration.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
            RenderingMetrics.ContextsInUse.Dec();
            _slots.Release();
        }
    }

    /// <summary>A new session: the browser context of one job (see <see cref="BrowserSession"/>).</summary>
    public BrowserSession OpenSession() => new(this);

    private static RenderResult Count(RenderResult result)
    {
        RenderingMetrics.PagesRendered.WithLabels(result.TimedOut ? "timed_out" : result.Succeeded ? "succeeded" : "failed").Inc();
        RenderingMetrics.RequestsBlocked.Inc(result.BlockedRequests.Count);
        return result;
    }

    private async Task<RenderResult> RenderOnceAsync(IBrowser browser, RenderRequest request, BrowserSession? session, Stopwatch clock,
        CancellationToken cancellationToken)
    {
        var limit = request.Timeout < options.PageTimeout ? request.Timeout : options.PageTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var left = limit - clock.Elapsed;
        timeout.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        var pageSession = new PageSession(request, new RequestGuard(guard, request.BlockAds), clock, limit, options.Proxy, logger);
        Tab? tab = null;
        var reusable = false;
        var timedOut = false;
        try
        {
            var taking = session is null ? TakeFreshPageAsync(browser) : TakeSessionTabAsync(browser, session);
            try
            {
                tab = await taking.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Out of time while Chromium was still making the context or tab: close it once it exists.
                _ = taking.ContinueWith(t => DiscardAsync(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                throw;
            }
            var result = await pageSession.RunAsync(tab, timeout.Token);
            reusable = true;
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            timedOut = true;
            return pageSession.Partial($"{PageFetcher.TimeoutMessagePrefix} {limit.TotalSeconds:0.#} s (rendering).") with { TimedOut = true };
        }
        catch (Exception e) when (e is TargetClosedException or ProcessException || !browser.IsConnected || pageSession.Crashed is not null)
        {
            throw new BrowserCrashedException(pageSession.Crashed ?? e.Message, e) { TabOnly = pageSession.Crashed is not null && browser.IsConnected };
        }
        catch (PuppeteerException e)
        {
            return pageSession.Partial($"Could not render {request.Url}: {e.Message}");
        }
        finally
        {
            if (tab is not null) await ReleaseAsync(tab, reusable, timedOut);
        }
    }

    /// <summary>
    /// After a page: a tab of a session that is still open goes back to it as it is (navigating it to <c>about:blank</c>
    /// made Chromium start a new renderer process for the tab every time, which is what reuse avoids); any other tab is
    /// closed, with its context when it had one of its own. A browser that cannot close them in a few seconds is hung,
    /// and is replaced.
    /// </summary>
    private async Task ReleaseAsync(Tab tab, bool reusable, bool afterTimeout)
    {
        if (tab.Session is { } session && reusable && tab.Browser.IsConnected && !tab.Page.IsClosed)
        {
            lock (_idle)
            {
                // Closed is set under the same lock: a tab is never left idle for a session already closed.
                if (!session.Closed)
                {
                    _idle.AddLast(tab);
                    return;
                }
            }
        }
        try
        {
            await (tab.Session is null ? tab.Context.CloseAsync() : tab.Page.CloseAsync()).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or PuppeteerException or ObjectDisposedException)
        {
            if ((!tab.Browser.IsConnected || afterTimeout || e is TimeoutException) && tab.Session is not { Closed: true })
            {
                logger.LogWarning("A browser tab could not be closed ({Reason}); replacing the browser", e.Message);
                await ReplaceAsync(tab.Browser);
            }
        }
    }

    private static async Task DiscardAsync(Tab tab)
    {
        try
        {
            await (tab.Session is null ? tab.Context.CloseAsync() : tab.Page.CloseAsync());
        }
        catch (Exception e) when (e is PuppeteerException or ObjectDisposedException)
        {
            // It went with its browser.
        }
    }

    /// <summary>
    /// A tab of the job's context: an idle one when the session has one, else a new one in its context (made now, or,
    /// for the session's first page, the fresh context made ahead of time). Making a tab first closes the least
    /// recently used idle tabs of any session beyond <see cref="RendererOptions.Contexts"/> tabs alive, so idle tabs
    /// kept for reuse never add renderer processes (and memory) beyond what the pool renders with.
    /// </summary>
    private async Task<Tab> TakeSessionTabAsync(IBrowser browser, BrowserSession session)
    {
        if (TakeIdle(session, browser) is { } idle) return idle;
        TrimIdle();
        IBrowserContext? context;
        await session.Opening.WaitAsync();
        try
        {
            if (session.Closed) return await TakeFreshPageAsync(browser);
            if (session.Context is null || session.Browser != browser)
            {
                // A job's first page takes the context made ahead when there is one, and starts no other: its later
                // pages use its own tabs, and a spare renderer waiting beside them would only add memory.
                var fresh = await TakeFreshPageAsync(browser, makeNext: false);
                session.Browser = browser;
                session.Context = fresh.Context;
                session.ContextsOpened++;
                session.CountTab();
                return fresh with { Session = session };
            }
            context = session.Context;
        }
        finally
        {
            session.Opening.Release();
        }
        var tab = new Tab(browser, context, await context.NewPageAsync()) { Session = session };
        session.CountTab();
        return tab;
    }

    private Tab? TakeIdle(BrowserSession session, IBrowser browser)
    {
        lock (_idle)
        {
            for (var node = _idle.Last; node is not null;)
            {
                var previous = node.Previous;
                if (node.Value.Session == session)
                {
                    _idle.Remove(node);
                    if (node.Value.Browser == browser) return node.Value;
                    // Its browser was replaced: the tab went with it.
                }
                node = previous;
            }
        }
        return null;
    }

    /// <summary>Closes the least recently used idle tabs while idle and rendering tabs together exceed the pool's contexts.</summary>
    private void TrimIdle()
    {
        var closing = new List<Tab>();
        lock (_idle)
        {
            while (_idle.First is { } oldest && _idle.Count + InUse > Math.Max(1, options.Contexts))
            {
                _idle.RemoveFirst();
                closing.Add(oldest.Value);
            }
        }
        foreach (var tab in closing) _ = DiscardAsync(tab);
    }

    /// <summary>Closes a session's context with its tabs (see <see cref="BrowserSession.DisposeAsync"/>).</summary>
    internal async ValueTask CloseSessionAsync(BrowserSession session)
    {
        IBrowser? browser;
        IBrowserContext? context;
        await session.Opening.WaitAsync();
        try
        {
            session.Closed = true;
            (browser, context) = (session.Browser, session.Context);
            session.Context = null;
        }
        finally
        {
            session.Opening.Release();
        }
        lock (_idle)
        {
            session.Closed = true;
            for (var node = _idle.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Session == session) _idle.Remove(node);
                node = next;
            }
        }
        if (context is null || browser is not { IsConnected: true } || !ReferenceEquals(browser, _browser)) return;
        try
        {
            await context.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or PuppeteerException or ObjectDisposedException)
        {
            if (browser.IsConnected && e is TimeoutException)
            {
                logger.LogWarning("A job's browser context could not be closed ({Reason}); replacing the browser", e.Message);
                await ReplaceAsync(browser);
            }
        }
    }

    /// <summary>
    /// A new incognito context with a blank page, never used before: one made ahead of time for this browser when one
    /// is ready or on its way, else one made now. Either way another is started for the next page, so the seconds
    /// Chromium takes to create a context and a page's renderer are spent while the previous page still renders,
    /// not while the next one waits. At most <see cref="ContextsMadeAhead"/> waits unused, and only while a slot is
    /// free, so contexts alive stay within <see cref="RendererOptions.Contexts"/> (each is a renderer process, 50 MB or
    /// more; with a spare for every slot, 4 contexts peaked at 1.58 GB). Each is used for one page, or by one session
    /// (whose first page does not make the next: see <see cref="TakeSessionTabAsync"/>).
    /// </summary>
    private async Task<Tab> TakeFreshPageAsync(IBrowser browser, bool makeNext = true)
    {
        Task<Tab?>? ahead;
        lock (_ahead)
        {
            // One made for a browser since replaced, or that failed, is dropped (its process went with that browser).
            while (_ahead.TryDequeue(out ahead) && ahead.IsCompleted && ahead.Result?.Browser != browser)
            {
            }
            // Only into a free slot: the pages rendering plus the one made ahead stay within Contexts (and its memory).
            if (makeNext && _ahead.Count < ContextsMadeAhead && _slots.CurrentCount > 0 && !_disposed) _ahead.Enqueue(MakeAheadAsync(browser));
        }
        if (ahead is not null && await ahead is { } ready)
        {
            if (ready.Browser == browser && browser.IsConnected) return ready;
        }
        return await MakeFreshPageAsync(browser);
    }

    private async Task<Tab?> MakeAheadAsync(IBrowser browser)
    {
        try
        {
            return await MakeFreshPageAsync(browser).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is PuppeteerException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            logger.LogDebug("A browser context made ahead of time failed ({Reason}); the next page makes its own", e.Message);
            return null;
        }
    }

    private static async Task<Tab> MakeFreshPageAsync(IBrowser browser)
    {
        var context = await browser.CreateBrowserContextAsync(new BrowserContextOptions
        {
            DownloadBehavior = new DownloadBehavior { Policy = DownloadPolicy.Deny },
        });
        try
        {
            return new Tab(browser, context, await context.NewPageAsync());
        }
        catch
        {
            _ = context.CloseAsync();
            throw;
        }
    }

    private async Task<IBrowser> GetBrowserAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } running) return running;
        await _launch.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browser is { IsConnected: true } current) return current;
            if (_browser is { } dead) await KillAsync(dead);
            _browser = await Puppeteer.LaunchAsync(LaunchOptions(options)).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            logger.LogInformation("Chromium started (pid {Pid}, {Contexts} contexts)", _browser.Process?.Id, options.Contexts);
            return _browser;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>Takes a failed browser out of use; the next page launches a new one.</summary>
    private async Task ReplaceAsync(IBrowser failed)
    {
        await _launch.WaitAsync();
        try
        {
            if (!ReferenceEquals(_browser, failed)) return; // another page already replaced it
            _browser = null;
            Restarts++;
            RenderingMetrics.BrowserRestarts.Inc();
        }
        finally
        {
            _launch.Release();
        }
        await KillAsync(failed);
    }

    private static async Task KillAsync(IBrowser browser)
    {
        try
        {
            await browser.CloseAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or PuppeteerException or ObjectDisposedException or InvalidOperationException)
        {
            // Closing politely failed; the process goes anyway.
        }
        try
        {
            if (browser.Process is { HasExited: false } process) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited meanwhile.
        }
        browser.Dispose();
    }

    /// <summary>
    /// Chromium's command line: headless, never the system proxy (the SSRF guard must see every target; only the
    /// configured proxy, also for loopback targets, when there is one), no background
    /// traffic of its own, no sandbox only when running as root (Chromium refuses otherwise), and a V8 heap limit per page.
    /// </summary>
    public static LaunchOptions LaunchOptions(RendererOptions options) => new()
    {
        ExecutablePath = options.ExecutablePath,
        Headless = true,
        Timeout = 60_000,
        ProtocolTimeout = (int)Math.Min(int.MaxValue, options.PageTimeout.TotalMilliseconds + 30_000),
        DefaultViewport = new ViewPortOptions { Width = 1280, Height = 800 },
        Args =
        [
            .. ProxyArguments(options.Proxy), "--disable-dev-shm-usage", "--disable-gpu", "--disable-extensions", "--mute-audio",
            "--disable-background-networking", "--disable-component-update", "--disable-domain-reliability", "--disable-sync",
            "--dns-prefetch-disable", "--no-first-run", "--no-default-browser-check", "--disable-breakpad",
            "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,NetworkPrediction,BackForwardCache",
            $"--js-flags=--max-old-space-size={options.MaxPageMemoryMegabytes}",
            .. Environment.IsPrivilegedProcess ? new[] { "--no-sandbox" } : [],
        ],
    };

    private static string[] ProxyArguments(Uri? proxy) => proxy is null
        ? ["--no-proxy-server"]
        : [$"--proxy-server={proxy.Scheme}://{proxy.IdnHost}:{proxy.Port}", "--proxy-bypass-list=<-loopback>"];

    public async ValueTask DisposeAsync()
    {
        await _launch.WaitAsync();
        try
        {
            _disposed = true;
            lock (_ahead) _ahead.Clear();
            lock (_idle) _idle.Clear();
            if (_browser is { } browser) await KillAsync(browser);
            _browser = null;
        }
        finally
        {
            _launch.Release();
        }
    }
}
