using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Work;

/// <summary>
/// A single-page scrape (Firecrawl's synchronous <c>/scrape</c>): a batch of one URL run by the batch scraper, stored
/// as a job of its own kind so that its id reads back as a scrape, not as a batch.
/// </summary>
public sealed class ScrapeHandler(BatchScrapeHandler batch) : IJobHandler
{
    public JobKind Kind => JobKind.Scrape;

    public Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken) => batch.RunAsync(context, cancellationToken);
}
