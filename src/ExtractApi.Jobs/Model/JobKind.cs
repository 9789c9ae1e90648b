namespace ExtractApi.Jobs.Model;

/// <summary>What the worker does for a job. Vendors do not appear here; dialects map onto kinds.</summary>
public enum JobKind
{
    /// <summary>Fetch a list of URLs and convert each page.</summary>
    BatchScrape,
    /// <summary>Fill a JSON schema from one or more web pages.</summary>
    Extract,
    /// <summary>Fill a template from an uploaded document.</summary>
    DocumentExtract,
    /// <summary>Fetch one URL and convert it (a synchronous scrape whose result is kept as a job).</summary>
    Scrape,
    /// <summary>Follow links from a start URL (and its sitemaps), scraping every page found within the crawl's limits.</summary>
    Crawl,
    /// <summary>Hash the request: trivial but real work that proves the engine.</summary>
    Digest,
}
