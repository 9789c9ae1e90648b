namespace ExtractApi.Jobs.Engine;

/// <summary>An auto-reset signal for async loops: <see cref="Set"/> wakes one wait (or the next one), many sets coalesce.</summary>
public class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
#pragma warning disable IDE0330 // System.Threading.Lock is fine too; a plain object keeps the intent obvious
    private readonly object _gate = new();
#pragma warning restore IDE0330

    public void Set()
    {
        lock (_gate)
        {
            if (_semaphore.CurrentCount == 0) _semaphore.Release();
        }
    }

    /// <summary>True when signalled, false when the timeout passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _semaphore.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _semaphore.Dispose();
        GC.SuppressFinalize(this);
    }
}
