using PuppeteerSharp;

namespace ExtractApi.Rendering;

/// <summary>
/// The browser context of one job (one tenant's batch scrape or crawl): its rendered pages share this one incognito
/// context and reuse its tabs (a tab is navigated to the job's next page, so its renderer process stays warm), and
/// the context is closed when the job disposes the session. Nothing is shared with any other session or page
/// rendered without one. Pages that run actions, take a screenshot or pose as a phone still get a fresh context.
/// Open one with <see cref="BrowserPool.OpenSession"/>.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly BrowserPool _pool;

    internal BrowserSession(BrowserPool pool) => _pool = pool;

    /// <summary>Held while the session's context is being made, so concurrent pages of the job make only one.</summary>
    internal SemaphoreSlim Opening { get; } = new(1, 1);

    /// <summary>The browser the context lives in (a replaced browser takes the context with it).</summary>
    internal IBrowser? Browser { get; set; }

    internal IBrowserContext? Context { get; set; }

    /// <summary>Once disposed, pages still rendering close their tabs, and new pages get fresh contexts.</summary>
    internal bool Closed { get; set; }

    private int _tabsOpened;

    /// <summary>Contexts this session has made (tests check that the pages of one job share one).</summary>
    public int ContextsOpened { get; internal set; }

    /// <summary>Tabs this session has opened (pages rendered one after another reuse one).</summary>
    public int TabsOpened => Volatile.Read(ref _tabsOpened);

    internal void CountTab() => Interlocked.Increment(ref _tabsOpened);

    public ValueTask DisposeAsync() => _pool.CloseSessionAsync(this);
}
