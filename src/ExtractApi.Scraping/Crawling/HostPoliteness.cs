namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// Politeness per host within one crawl: at most <c>perHostConcurrency</c> requests to a host at once, request starts
/// spaced by the crawl's delay (or the host's robots.txt <c>crawl-delay</c> when longer), and no request before the
/// time a host asked for with <c>Retry-After</c>.
/// </summary>
public sealed class HostPoliteness(int perHostConcurrency, TimeSpan delay, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, HostState> _hosts = new(StringComparer.Ordinal);

    /// <summary>Waits for a slot on the host and for its next allowed start; dispose the lease when the request is done.</summary>
    public async Task<IDisposable> EnterAsync(string host, CancellationToken cancellationToken)
    {
        var state = StateOf(host);
        await state.Slots.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (state)
                {
                    var now = _time.GetUtcNow();
                    if (now >= state.NextStart)
                    {
                        state.NextStart = now + (state.Delay > delay ? state.Delay : delay);
                        return new Lease(state.Slots);
                    }
                    wait = state.NextStart - now;
                }
                await Task.Delay(wait, _time, cancellationToken);
            }
        }
        catch
        {
            state.Slots.Release();
            throw;
        }
    }

    /// <summary>The host asked to be left alone this long (<c>Retry-After</c>).</summary>
    public void Backoff(string host, TimeSpan wait)
    {
        var state = StateOf(host);
        lock (state)
        {
            var until = _time.GetUtcNow() + wait;
            if (until > state.NextStart) state.NextStart = until;
        }
    }

    /// <summary>The host's own spacing (robots.txt <c>crawl-delay</c>); the longer of it and the crawl's delay applies.</summary>
    public void SetHostDelay(string host, TimeSpan hostDelay)
    {
        var state = StateOf(host);
        lock (state) state.Delay = hostDelay;
    }

    private HostState StateOf(string host)
    {
        lock (_hosts)
        {
            if (!_hosts.TryGetValue(host, out var state)) _hosts[host] = state = new HostState(Math.Max(1, perHostConcurrency));
            return state;
        }
    }

    private sealed class HostState(int slots)
    {
        public SemaphoreSlim Slots { get; } = new(slots, slots);
        public DateTimeOffset NextStart { get; set; } = DateTimeOffset.MinValue;
        public TimeSpan Delay { get; set; }
    }

    private sealed class Lease(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
