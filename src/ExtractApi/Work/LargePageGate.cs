namespace ExtractApi.Work;

/// <summary>
/// Admits large pages to conversion by weight, first come first served: pages in conversion together weigh at most
/// the gate's capacity (<see cref="ScrapingSettings.ConversionMemoryBudgetBytes"/>), and a page waiting for room holds
/// no thread. A page weighs the memory its conversion is estimated to take (<see cref="PageDocuments.ConversionCost"/>),
/// but no less than a core's share of the capacity (so no more large pages convert at once than there are cores:
/// conversion is CPU work). Pages lighter than <see cref="SmallShare"/> of the capacity are not large and pass
/// without it; pages heavier than the capacity never convert (<see cref="Fits"/>). Later pages never overtake a
/// waiting one, so a large page is not starved by a stream of smaller ones.
/// </summary>
public sealed class LargePageGate
{
    /// <summary>A page whose cost is under the capacity divided by this is not large: it converts without the gate.</summary>
    public const int SmallShare = 16;

    private readonly Lock _lock = new();
    private readonly LinkedList<(long Weight, TaskCompletionSource Admitted)> _waiting = new();
    private readonly long _capacity;
    private readonly long _least;
    private long _free;

    public LargePageGate(long capacity, int cores)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        _capacity = capacity;
        _least = Math.Max(1, capacity / cores);
        _free = capacity;
    }

    /// <summary>The most the pages in conversion together weigh.</summary>
    public long Capacity => _capacity;

    /// <summary>Whether a page of this cost goes through the gate (else it converts at once, beside anything).</summary>
    public bool IsLarge(long cost) => cost >= _capacity / SmallShare;

    /// <summary>Whether a page of this cost can ever be admitted (a heavier one fails without being converted).</summary>
    public bool Fits(long cost) => cost <= _capacity;

    /// <summary>What a page of this cost weighs at this gate.</summary>
    public long WeightOf(long cost) => Math.Clamp(cost, _least, _capacity);

    /// <summary>Waits until a page of this cost fits; dispose the answer when its conversion is done.</summary>
    public async Task<IDisposable> EnterAsync(long cost, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cost, _capacity);
        var weight = WeightOf(cost);
        LinkedListNode<(long Weight, TaskCompletionSource Admitted)> node;
        lock (_lock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_waiting.Count == 0 && _free >= weight)
            {
                _free -= weight;
                return new Admission(this, weight);
            }
            node = _waiting.AddLast((weight, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        await using (cancellationToken.Register(() => Withdraw(node, cancellationToken)))
        {
            await node.Value.Admitted.Task;
        }
        return new Admission(this, weight);
    }

    /// <summary>A cancelled page leaves the queue (unless it was admitted meanwhile), and those behind it may fit now.</summary>
    private void Withdraw(LinkedListNode<(long Weight, TaskCompletionSource Admitted)> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null) return;
            _waiting.Remove(node);
            node.Value.Admitted.TrySetCanceled(cancellationToken);
            AdmitWaiting();
        }
    }

    private void Leave(long weight)
    {
        lock (_lock)
        {
            _free += weight;
            AdmitWaiting();
        }
    }

    /// <summary>Admits waiting pages in order while the first one fits.</summary>
    private void AdmitWaiting()
    {
        while (_waiting.First is { } first && first.Value.Weight <= _free)
        {
            _free -= first.Value.Weight;
            _waiting.RemoveFirst();
            first.Value.Admitted.TrySetResult();
        }
    }

    private sealed class Admission(LargePageGate gate, long weight) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) gate.Leave(weight);
        }
    }
}
