using System.Diagnostics;
using System.Text.Json;
using ExtractApi.Jobs.Crawling;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Pages;
using ExtractApi.Scraping.Crawling;
using ExtractApi.Scraping.Fetching;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ExtractApi.Work;

/// <summary>
/// Runs a crawl on the job engine. The frontier lives in PostgreSQL (<see cref="CrawlFrontier"/>): the start URL and,
/// unless skipped, the sitemaps' URLs are admitted first; then URLs are claimed in discovery order, each fetched and
/// converted like a batch page (same fetcher behind the SSRF guard, same conversion, same page store and webhooks),
/// and stored in one fenced transaction with the URL marked done and the links it found that the crawl follows
/// (scope, robots.txt, dedupe key, limit). After a crash or a SIGKILL the next attempt resumes from the table:
/// finished pages are not fetched again. Requests are spaced and limited per host, and a 429 or 503 pauses the host
/// for its <c>Retry-After</c> before the URL is tried again.
/// </summary>
public sealed class CrawlHandler(
    PageFetcher fetcher,
    PageSource source,
    ScrapePageStore pages,
    PageFormats formats,
    CrawlFrontier frontier,
    WebhookSender webhooks,
    IOptions<ScrapingSettings> settings,
    LargePageGate largePages,
    ILogger<CrawlHandler> logger) : IJobHandler
{
    /// <summary>Tries of one URL that keeps answering 429 or 503 (each after the host's pause).</summary>
    public const int MaxTriesWhenThrottled = 4;
    /// <summary>A 429/503 without <c>Retry-After</c> pauses the host this long, doubled at each try.</summary>
    public static readonly TimeSpan DefaultThrottlePause = TimeSpan.FromMilliseconds(500);
    /// <summary>The longest pause a host's <c>Retry-After</c> can impose on the crawl.</summary>
    public static readonly TimeSpan MaxThrottlePause = TimeSpan.FromSeconds(60);

    public JobKind Kind => JobKind.Crawl;

    private PageFetcher Fetcher { get; } = fetcher;
    private PageSource Source { get; } = source;
    private ScrapePageStore Pages { get; } = pages;
    private PageFormats Formats { get; } = formats;
    private CrawlFrontier Frontier { get; } = frontier;
    private WebhookSender Webhooks { get; } = webhooks;
    private ScrapingSettings Settings { get; } = settings.Value;
    private LargePageGate LargePages { get; } = largePages;
    private ILogger<CrawlHandler> Logger { get; } = logger;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var request = CrawlJobRequest.FromJson(context.Job.Request);
        try
        {
            return await new Run(this, context, request).CrawlAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await Webhooks.NotifyAsync(context.Job.Id, request.Webhook, "crawl", "failed", [], e.Message, CancellationToken.None);
            throw;
        }
    }

    /// <summary>One attempt at a crawl: its admission state, robots cache and politeness live as long as the attempt.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
        "Its semaphore never hands out a wait handle, so there is nothing to dispose, and pages still running after a failed attempt release it.")]
    private sealed class Run
    {
        private readonly CrawlHandler _handler;
        private readonly JobContext _context;
        private readonly CrawlJobRequest _request;
        private readonly Guid _jobId;
        private readonly CrawlScope _scope;
        private readonly FetchOptions _fetchOptions;
        private readonly RobotsCache _robots;
        private readonly HostPoliteness _politeness;
        private readonly int _concurrency;
        private readonly SemaphoreSlim _fetchSlots;
        private FrontierAdmission _admission = null!;
        private PageSource.JobPages _pages = null!;
        private readonly CrawlPhases _phases = new();
        private readonly Lock _admitInOrder = new();

        public Run(CrawlHandler handler, JobContext context, CrawlJobRequest request)
        {
            _handler = handler;
            _context = context;
            _request = request;
            _jobId = context.Job.Id;
            _scope = new CrawlScope(new Uri(request.Url), request.Scope);
            var settings = handler.Settings;
            _fetchOptions = new FetchOptions
            {
                Timeout = TimeSpan.FromMilliseconds(request.Scrape.TimeoutMs),
                MaxBodyBytes = settings.MaxBodyBytes,
                MaxRedirects = settings.MaxRedirects,
                Headers = request.Scrape.Headers,
                MaxRetries = 0, // throttling is handled per host here; connection errors are not retried in a crawl
            };
            _robots = new RobotsCache(handler.Fetcher, _fetchOptions with { Timeout = TimeSpan.FromSeconds(10), Headers = new Dictionary<string, string>() });
            _concurrency = Math.Max(1, request.MaxConcurrency ?? settings.PagesInParallel);
            _fetchSlots = new SemaphoreSlim(_concurrency, _concurrency);
            // With a delay, one request at a time per host (spacing concurrent requests would not space them).
            _politeness = new HostPoliteness(request.DelaySeconds > 0 ? 1 : _concurrency, TimeSpan.FromSeconds(request.DelaySeconds));
        }

        public async Task<JobOutcome> CrawlAsync(CancellationToken cancellationToken)
        {
            // The attempt's rendered pages share one browser context of this job, closed when the attempt ends.
            await using var pages = _handler.Source.ForJob(_jobId);
            _pages = pages;
            return await CrawlPagesAsync(cancellationToken);
        }

        private async Task<JobOutcome> CrawlPagesAsync(CancellationToken cancellationToken)
        {
            _admission = await _handler.Frontier.LoadAsync(_jobId, _request.Limit, cancellationToken);
            if (_admission.Admitted == 0 && !_admission.IsKnown(_request.KeyOf(new Uri(_request.Url))))
            {
                await _handler.Webhooks.NotifyAsync(_jobId, _request.Webhook, "crawl", "started", [], null, cancellationToken);
                await SeedAsync(cancellationToken);
            }
            else
            {
                _handler.Logger.LogInformation("Crawl {JobId} resumes with {Admitted} URLs admitted", _jobId, _admission.Admitted);
            }

            // Up to twice the concurrency of URLs are started at once: at most the concurrency of them fetching, the
            // others waiting for their host (politeness) or being converted and stored. So URLs of a host that makes
            // them wait do not hold every slot while other hosts have URLs to fetch. URLs are claimed ahead, a claim
            // serving many finished pages rather than one each.
            var window = 2 * _concurrency;
            var inFlight = new List<Task>();
            var claimed = new Queue<FrontierUrl>();
            var lastClaimed = -1;
            while (true)
            {
                if (claimed.Count < window - inFlight.Count)
                {
                    var claimStarted = Stopwatch.GetTimestamp();
                    foreach (var url in await _handler.Frontier.ClaimAsync(_jobId, lastClaimed, window - claimed.Count, cancellationToken))
                    {
                        claimed.Enqueue(url);
                        lastClaimed = url.Ordinal;
                    }
                    _phases.Add(CrawlPhase.Claim, claimStarted);
                }
                while (inFlight.Count < window && claimed.TryDequeue(out var next)) inFlight.Add(CrawlPageAsync(next, cancellationToken));
                if (inFlight.Count == 0) break;
                await Task.WhenAny(inFlight);
                foreach (var task in inFlight.Where(t => t.IsCompleted).ToList())
                {
                    inFlight.Remove(task);
                    await task; // a failed page store (lease lost, cancel, database) ends the attempt
                }
            }

            await _context.CheckpointAsync(cancellationToken);
            var blocked = (await _handler.Frontier.BlockedAsync(_jobId, cancellationToken)).Count;
            await _handler.Webhooks.NotifyAsync(_jobId, _request.Webhook, "crawl", "completed", [], null, cancellationToken);
            _handler.Logger.LogInformation("Crawl {JobId} finished: {Admitted} URLs crawled, {Blocked} blocked by robots.txt; time spent {Phases}; {Writes}",
                _jobId, _admission.Admitted, blocked, _phases.Describe(), _context.DescribeWrites());
            return JobOutcome.Success(JsonSerializer.Serialize(new { pages = _admission.Admitted, robotsBlocked = blocked }));
        }

        /// <summary>The start URL and, unless skipped, the sitemaps' URLs in scope, at depth 0.</summary>
        private async Task SeedAsync(CancellationToken cancellationToken)
        {
            var start = CrawlUrls.Normalize(_request.Url)!;
            var candidates = new List<FrontierCandidate> { await CandidateAsync(start, 0, cancellationToken) };
            if (_request.Sitemap != SitemapMode.Skip)
            {
                var robots = await _robots.ForAsync(start, cancellationToken);
                var roots = robots.Sitemaps.Append(new Uri(start, "/sitemap.xml").AbsoluteUri);
                var listed = await SitemapCollector.CollectAsync(_handler.Fetcher, _fetchOptions with { Headers = new Dictionary<string, string>() }, roots,
                    Math.Max(_request.Limit * 4, 1000), cancellationToken);
                foreach (var entry in listed)
                {
                    if (CrawlUrls.Normalize(entry) is { } url && _scope.Check(url, 0) == LinkRefusal.None)
                    {
                        candidates.Add(await CandidateAsync(url, 0, cancellationToken));
                    }
                }
                _handler.Logger.LogInformation("Crawl {JobId}: {Count} URLs from the sitemaps", _jobId, listed.Count);
            }
            var admitted = _admission.Admit(candidates);
            var cancel = await _context.WriteFencedAsync(
                [CrawlFrontier.Insert(_jobId, admitted), CrawlFrontier.SetTotal(_jobId, _admission.Admitted)], cancellationToken);
            if (cancel) throw new JobCancelledException();
        }

        private async Task<FrontierCandidate> CandidateAsync(Uri url, int depth, CancellationToken cancellationToken)
        {
            var blocked = !_request.IgnoreRobotsTxt && !(await RobotsAsync(url, cancellationToken)).IsAllowed(url);
            return new FrontierCandidate(url.AbsoluteUri, _request.KeyOf(url), depth, blocked);
        }

        private async Task<RobotsTxt> RobotsAsync(Uri url, CancellationToken cancellationToken)
        {
            var robots = await _robots.ForAsync(url, cancellationToken);
            if (robots.CrawlDelay is { } delay) _politeness.SetHostDelay(url.Authority, delay);
            return robots;
        }

        private async Task CrawlPageAsync(FrontierUrl url, CancellationToken cancellationToken)
        {
            var target = new Uri(url.Url);
            var started = Stopwatch.GetTimestamp();
            var (fetched, cachedAt) = await _handler.Formats.FetchAsync(_context.Job, url.Url, _request.Scrape, t => FetchPolitelyAsync(target, t), cancellationToken);
            started = _phases.Add(CrawlPhase.Fetch, started);
            // A page reached by a link is visible; one only the sitemap listed is not (the start URL is where the crawl begins).
            var visible = url.Depth > 0 || url.Ordinal == 0;
            var built = await PageDocuments.BuildAsync(url.Ordinal, url.Url, fetched, _request.Scrape,
                new(_handler.Settings.PageProcessingTimeout, cancellationToken), _handler.LargePages);
            var page = await _handler.Formats.CompleteAsync(_context.Job, built, fetched.Response, _request.Scrape, cachedAt, visible, cancellationToken);
            started = _phases.Add(CrawlPhase.Convert, started);
            if (page.Error is not null) _handler.Logger.LogInformation("Page {Ordinal} of crawl {JobId} failed: {Error}", url.Ordinal, _jobId, page.Error);

            var found = new List<FrontierCandidate>();
            if (_request.Sitemap != SitemapMode.Only && !_admission.Full)
            {
                foreach (var link in page.FoundLinks)
                {
                    if (CrawlUrls.Normalize(link) is not { } next || _scope.Check(next, url.Depth + 1) != LinkRefusal.None) continue;
                    if (_admission.IsKnown(_request.KeyOf(next))) continue;
                    found.Add(await CandidateAsync(next, url.Depth + 1, cancellationToken));
                }
            }
            // Admitted and queued for writing under one lock: writes commit in the order they are queued, so the
            // frontier's URLs become visible in discovery order (what the claim relies on).
            Task<bool> saved;
            lock (_admitInOrder)
            {
                var admitted = _admission.Admit(found);
                saved = admitted.Count == 0
                    ? _handler.Pages.SaveAsync(_context, page, cancellationToken, [CrawlFrontier.MarkDone(_jobId, url.Ordinal)])
                    : _handler.Pages.SaveAsync(_context, page, cancellationToken,
                        [CrawlFrontier.MarkDone(_jobId, url.Ordinal), CrawlFrontier.Insert(_jobId, admitted)], [CrawlFrontier.SetTotal(_jobId, _admission.Admitted)]);
            }
            started = _phases.Add(CrawlPhase.Links, started);
            var cancel = await saved;
            _phases.Add(CrawlPhase.Store, started);
            if (cancel) throw new JobCancelledException();
            if (page.Status == PageStatus.Succeeded)
            {
                await _handler.Webhooks.NotifyAsync(_jobId, _request.Webhook, "crawl", "page", [PageDocuments.ToFirecrawlDocument(page)], null, cancellationToken);
            }
        }

        /// <summary>Fetches within the host's politeness; a 429 or 503 pauses the host (for its Retry-After) and tries again.</summary>
        private async Task<PageFetch> FetchPolitelyAsync(Uri url, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                PageFetch page;
                using (await _politeness.EnterAsync(url.Authority, cancellationToken))
                {
                    await _fetchSlots.WaitAsync(cancellationToken); // taken once the host lets the request go
                    try
                    {
                        page = await _pages.GetAsync(url, _fetchOptions, _request.Scrape.Rendering, cancellationToken);
                    }
                    finally
                    {
                        _fetchSlots.Release();
                    }
                }
                var fetched = page.Response;
                if (fetched.StatusCode is not (429 or 503) || attempt >= MaxTriesWhenThrottled) return page;
                var pause = fetched.RetryAfter ?? DefaultThrottlePause * (1 << (attempt - 1));
                if (pause > MaxThrottlePause) pause = MaxThrottlePause;
                _handler.Logger.LogInformation("Crawl {JobId}: {Host} answered {StatusCode}; pausing it for {Pause} s", _jobId, url.Authority,
                    fetched.StatusCode, pause.TotalSeconds);
                _politeness.Backoff(url.Authority, pause);
            }
        }
    }
}
