using System.Diagnostics;
using System.Globalization;

namespace ExtractApi.Work;

/// <summary>
/// Where a crawl's time went, phase by phase, summed over its pages (so concurrent pages add up to more than the
/// crawl's wall time). Logged when the crawl finishes; thread-safe.
/// </summary>
public sealed class CrawlPhases
{
    private readonly long[] _ticks = new long[Enum.GetValues<CrawlPhase>().Length];
    private readonly long[] _counts = new long[Enum.GetValues<CrawlPhase>().Length];

    /// <summary>Adds the time since <paramref name="started"/> (a <see cref="Stopwatch"/> timestamp) to the phase; returns now.</summary>
    public long Add(CrawlPhase phase, long started)
    {
        var now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref _ticks[(int)phase], now - started);
        Interlocked.Increment(ref _counts[(int)phase]);
        return now;
    }

    /// <summary>Each phase's count, total seconds and mean milliseconds, e.g. <c>fetch 2000× 12.3 s (6.15 ms)</c>.</summary>
    public string Describe() => string.Join(", ", Enum.GetValues<CrawlPhase>().Select(phase =>
    {
        var count = Interlocked.Read(ref _counts[(int)phase]);
        var seconds = Interlocked.Read(ref _ticks[(int)phase]) / (double)Stopwatch.Frequency;
        return string.Create(CultureInfo.InvariantCulture,
            $"{phase.ToString().ToLowerInvariant()} {count}× {seconds:0.00} s ({(count == 0 ? 0 : seconds * 1000 / count):0.00} ms)");
    }));
}
