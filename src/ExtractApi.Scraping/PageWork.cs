using System.Diagnostics;

namespace ExtractApi.Scraping;

/// <summary>
/// The time bound of one page's conversion or extraction (<c>Scraping:PageProcessingTimeout</c>). The walks over a
/// page's tree (Markdown, main content, metadata, links, serialization, extraction) call <see cref="Check"/> as they
/// go; inside <see cref="Run"/> a check past the time limit, or after the caller's token was cancelled, throws, so a
/// hostile page fails on its own instead of holding a worker. The bound belongs to the thread that set it: the work
/// inside it is synchronous (it never awaits), and outside a bound <see cref="Check"/> costs a field read.
/// </summary>
public static class PageWork
{
    /// <summary>The walks look at the clock once per this many checks (a check is one node or so).</summary>
    private const int ChecksPerClockRead = 256;

    [ThreadStatic]
    private static Budget? current;

    /// <summary>
    /// Runs the synchronous <paramref name="work"/> on this thread within a bound: <see cref="Check"/> throws
    /// <see cref="PageWorkTimeoutException"/> once <paramref name="limit"/> has passed, and
    /// <see cref="OperationCanceledException"/> once <paramref name="cancellationToken"/> is cancelled.
    /// <see cref="Timeout.InfiniteTimeSpan"/> bounds only by the token. Bounds nest; the inner one counts while it runs.
    /// </summary>
    public static T Run<T>(TimeSpan limit, Func<T> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var outer = current;
        current = new Budget(limit, cancellationToken);
        try
        {
            current.Verify();
            return work();
        }
        finally
        {
            current = outer;
        }
    }

    /// <summary>Throws when the current bound has run out; a no-op outside one.</summary>
    public static void Check()
    {
        if (current is { } budget && --budget.Countdown <= 0) budget.Verify();
    }

    /// <summary>One bound's limit, start and token.</summary>
    private sealed class Budget
    {
        private readonly TimeSpan limit;
        private readonly long started = Stopwatch.GetTimestamp();
        private readonly CancellationToken cancellationToken;
        public int Countdown = ChecksPerClockRead;

        public Budget(TimeSpan limit, CancellationToken cancellationToken)
        {
            this.limit = limit;
            this.cancellationToken = cancellationToken;
        }

        public void Verify()
        {
            Countdown = ChecksPerClockRead;
            cancellationToken.ThrowIfCancellationRequested();
            if (limit != Timeout.InfiniteTimeSpan && Stopwatch.GetElapsedTime(started) > limit)
            {
                throw new PageWorkTimeoutException(limit);
            }
        }
    }
}
