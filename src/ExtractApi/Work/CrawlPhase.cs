namespace ExtractApi.Work;

/// <summary>The parts of a crawl whose time <see cref="CrawlPhases"/> adds up.</summary>
public enum CrawlPhase
{
    /// <summary>Claiming the next queued URLs from the frontier (the crawl loop waits for it).</summary>
    Claim,
    /// <summary>Fetching a page, with the wait for the host's politeness.</summary>
    Fetch,
    /// <summary>Converting the page to the requested formats.</summary>
    Convert,
    /// <summary>Normalising, scoping and admitting the links the page found (robots.txt included).</summary>
    Links,
    /// <summary>The fenced write of the page, its URL marked done and the URLs it found, with its commit.</summary>
    Store,
}
