namespace ExtractApi.Jobs.Crawling;

/// <summary>
/// The admission state of one crawl run, rebuilt from the table on every attempt: the dedupe keys seen, how many URLs
/// were admitted (blocked ones do not count) and the next ordinal. The limit is held exactly: once
/// <see cref="Admitted"/> reaches it nothing more is admitted. Thread-safe; the worker holding the lease is its only
/// writer, so what it admits is what the table holds once the writes commit.
/// </summary>
public sealed class FrontierAdmission(int limit, HashSet<string> keys, int admitted, int nextOrdinal)
{
    private readonly Lock _lock = new();

    public int Limit => limit;

    public int Admitted
    {
        get { lock (_lock) return admitted; }
    }

    public bool Full
    {
        get { lock (_lock) return admitted >= limit; }
    }

    public bool IsKnown(string dedupeKey)
    {
        lock (_lock) return keys.Contains(dedupeKey);
    }

    /// <summary>
    /// Admits the candidates not seen before, in order, while the limit allows; a blocked candidate is recorded (for
    /// <c>robotsBlocked</c>) without counting. Returns what to insert.
    /// </summary>
    public IReadOnlyList<AdmittedUrl> Admit(IEnumerable<FrontierCandidate> candidates)
    {
        var result = new List<AdmittedUrl>();
        lock (_lock)
        {
            foreach (var candidate in candidates)
            {
                if (admitted >= limit) break;
                if (!keys.Add(candidate.DedupeKey)) continue;
                result.Add(new AdmittedUrl(nextOrdinal++, candidate.Url, candidate.DedupeKey, candidate.Depth, candidate.Blocked));
                if (!candidate.Blocked) admitted++;
            }
        }
        return result;
    }
}
