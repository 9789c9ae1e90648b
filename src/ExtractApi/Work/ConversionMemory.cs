using System.Runtime;

namespace ExtractApi.Work;

/// <summary>
/// What a large page's conversion does before it starts: the server GC leaves the garbage of earlier conversions (a
/// page of 400,000 links makes about 700 MB of it) committed until its budgets call for a collection, so a large page
/// starting on top of it would add its tree to that. When the heap (with what was allocated since the last
/// collection) is above a quarter of the conversion budget, one full blocking collection that compacts the large-object
/// heap too gives it back first. At most once per large page, which takes seconds to convert.
/// </summary>
public static class ConversionMemory
{
    /// <summary>Collects when the heap holds more than a quarter of <paramref name="budget"/>; says whether it did.</summary>
    public static bool MakeRoom(long budget)
    {
        if (GC.GetTotalMemory(forceFullCollection: false) <= budget / 4) return false;
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return true;
    }
}
