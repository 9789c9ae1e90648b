using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Jobs.Pages;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// Runs a batch scrape: fetches every URL (several at once), converts each page and stores it as soon as it is done,
/// so documents appear while the batch is still scraping. A page that cannot be fetched is recorded as failed, not
/// fatal to the batch. After a crash the next attempt resumes with the pages not yet stored.
/// </summary>
public sealed class BatchScrapeHandler(
    PageSource source,
    ScrapePageStore pages,
    PageFormats formats,
    WebhookSender webhooks,
    IOptions<ScrapingSettings> settings,
    LargePageGate largePages,
    ILogger<BatchScrapeHandler> logger) : IJobHandler
{
    public JobKind Kind => JobKind.BatchScrape;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = ScrapeJobRequest.FromJson(context.Job.Request);
        try
        {
            return await ScrapeAsync(context, request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine retries or fails the job; the client hears of the failure either way.
            await NotifyAsync(context.Job, request, "failed", [], e.Message, CancellationToken.None);
            throw;
        }
    }

    private async Task<JobOutcome> ScrapeAsync(JobContext context, ScrapeJobRequest request, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var done = await pages.FinishedOrdinalsAsync(job.Id, cancellationToken);
        if (done.Count == 0) await NotifyAsync(job, request, "started", [], null, cancellationToken);

        var options = new FetchOptions
        {
            Timeout = TimeSpan.FromMilliseconds(request.TimeoutMs),
            MaxBodyBytes = settings.Value.MaxBodyBytes,
            MaxRedirects = settings.Value.MaxRedirects,
            Headers = request.Headers,
        };
        var todo = Enumerable.Range(0, request.Urls.Count).Where(ordinal => !done.Contains(ordinal));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Value.PagesInParallel), CancellationToken = cancellationToken };
        await using var jobPages = source.ForJob(job.Id);
        await Parallel.ForEachAsync(todo, parallel, async (ordinal, token) =>
        {
            var url = request.Urls[ordinal];
            using var span = WorkTracing.StartFetch(job.Id, new Uri(url.Trim()));
            var (fetched, cachedAt) = await formats.FetchAsync(job, url, request,
                t => jobPages.GetAsync(new Uri(url.Trim()), options, request.Rendering, t), token);
            var built = await PageDocuments.BuildAsync(ordinal, url, fetched, request, new(settings.Value.PageProcessingTimeout, token), largePages);
            var page = await formats.CompleteAsync(job, built, fetched.Response, request, cachedAt, visible: true, token);
            span?.SetTag("http.response.status_code", fetched.Response.StatusCode);
            if (page.Error is not null) logger.LogInformation("Page {Ordinal} of job {JobId} failed: {Error}", ordinal, job.Id, page.Error);
            if (await pages.SaveAsync(context, page, token)) throw new JobCancelledException();
            if (page.Status == PageStatus.Succeeded)
            {
                await NotifyAsync(job, request, "page", [PageDocuments.ToFirecrawlDocument(page)], null, token);
            }
        });

        await context.CheckpointAsync(cancellationToken);
        var stored = await pages.FinishedOrdinalsAsync(job.Id, cancellationToken);
        await NotifyAsync(job, request, "completed", [], null, cancellationToken);
        return JobOutcome.Success(System.Text.Json.JsonSerializer.Serialize(new { pages = stored.Count, urls = request.Urls.Count }));
    }

    /// <summary>Webhook events in Firecrawl's shape (<c>batch_scrape.started|page|completed|failed</c>).</summary>
    private Task NotifyAsync(Job job, ScrapeJobRequest request, string eventName, object[] data, string? error, CancellationToken cancellationToken) =>
        webhooks.NotifyAsync(job.Id, request.Webhook, "batch_scrape", eventName, data, error, cancellationToken);
}
