using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Trace;
using ExtractApi.Scraping;
using ExtractApi.Scraping.Fetching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// Runs an extraction from web pages: fetches each URL, fills the schema deterministically from each page
/// (<see cref="SchemaExtractor"/>), merges the pages into one object, and hands the engine the result and the
/// <c>extraction_results</c> row the bulk writer lands. Linkup's row mode fills a list of records, each matching the
/// row schema. Prompt-only requests go to the optional LLM and fail clearly when none is configured; a request with
/// neither schema nor prompt (JustCrawl's <c>{url}</c>) yields the page's declared data (<see cref="PageData"/>).
/// Every fetched page is kept as the job's raw blob (<c>page/{job}/{n}</c>, the row's <c>rawBlobKey</c>), and each
/// step (fetch, convert, extract) is written to the job's trace as it ends (<see cref="JobSteps"/>).
/// </summary>
public sealed class ExtractHandler(
    PageFetcher fetcher,
    IOptions<ScrapingSettings> settings,
    IOptions<PromptExtractorSettings> llm,
    IServiceScopeFactory scopes,
    JobSteps steps,
    ILogger<ExtractHandler> logger) : IJobHandler
{
    public static string RawBlobKey(Guid jobId, int page) => $"page/{jobId:N}/{page}";

    public JobKind Kind => JobKind.Extract;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var job = context.Job;
        var request = ExtractJobRequest.FromJson(job.Request);
        var options = new FetchOptions
        {
            Timeout = TimeSpan.FromMilliseconds(request.TimeoutMs),
            MaxBodyBytes = settings.Value.MaxBodyBytes,
            MaxRedirects = settings.Value.MaxRedirects,
            Headers = request.Headers,
        };

        // What the job keeps of a page once it is converted, so no page's HTML outlives its turn (a job of many large
        // pages held them all until the end): with a schema, the page's filled outcome (each page is extracted as soon
        // as it is converted); for a prompt, its text; without either, the first page's HTML only.
        ExtractionSchema? schema = null;
        if (request.Schema is not null)
        {
            try
            {
                schema = SchemaOf(request);
            }
            catch (InvalidSchemaException e)
            {
                return JobOutcome.Failure($"Invalid schema: {e.Message}", retryable: false);
            }
        }
        var limit = settings.Value.PageProcessingTimeout;
        var outcomes = new List<ExtractionOutcome>();
        var documents = new List<PromptDocument>();
        (string Url, string? Html)? firstPage = null;
        var converted = 0;
        var failures = new List<string>();
        string? firstBlobKey = null;
        DateTime? extractStarted = null;
        for (var index = 0; index < request.Urls.Count; index++)
        {
            var url = request.Urls[index];
            await context.CheckpointAsync(cancellationToken);
            var started = DateTime.UtcNow;
            FetchResult fetched;
            using (var span = WorkTracing.StartFetch(context.Job.Id, new Uri(url.Trim())))
            {
                fetched = await fetcher.FetchAsync(new Uri(url.Trim()), options, cancellationToken);
                span?.SetTag("http.response.status_code", fetched.StatusCode);
            }
            if (!fetched.Succeeded || fetched.StatusCode >= 400)
            {
                var failure = $"{url}: {fetched.Error ?? $"answered {fetched.StatusCode}"}";
                failures.Add(failure);
                await steps.RecordAsync(job.Id, job.Attempts, "fetch", started, JobSteps.Failed, failure, cancellationToken);
                continue;
            }
            var blobKey = await StoreRawPageAsync(job, index, fetched, cancellationToken);
            firstBlobKey ??= blobKey;
            await steps.RecordAsync(job.Id, job.Attempts, "fetch", started, JobSteps.Succeeded,
                $"{url}: HTTP {fetched.StatusCode}, {fetched.Body.Length} bytes, {fetched.ContentType}", cancellationToken);

            started = DateTime.UtcNow;
            var html = IsHtml(fetched) ? PageDocuments.Decode(fetched.Body, fetched.ContentType ?? "") : null;
            ExtractionInput input;
            try
            {
                input = InputOf(fetched, html);
            }
            catch (InvalidDocumentException e)
            {
                failures.Add($"{url}: {e.Message}");
                await steps.RecordAsync(job.Id, job.Attempts, "convert", started, JobSteps.Failed, e.Message, cancellationToken);
                continue;
            }
            await steps.RecordAsync(job.Id, job.Attempts, "convert", started, JobSteps.Succeeded,
                html is not null ? $"HTML, {html.Length} characters" : $"document ({fetched.ContentType})", cancellationToken);
            converted++;
            if (schema is not null)
            {
                extractStarted ??= DateTime.UtcNow;
                // Each page within its own time bound: a page past it is left out with a warning, the others still count.
                using (WorkTracing.StartExtraction(job.Id, url))
                {
                    try
                    {
                        outcomes.Add(PageWork.Run(limit, () => Fill(input, schema), cancellationToken) with { Url = url });
                    }
                    catch (PageWorkTimeoutException e)
                    {
                        failures.Add($"{url}: {e.Message}");
                    }
                }
            }
            else if (request.Prompt is not null)
            {
                documents.Add(new PromptDocument(url, TextOf(html)));
            }
            else
            {
                firstPage ??= (url, html);
            }
            await context.ReportProgressAsync(null, converted, converted, cancellationToken);
        }
        if (converted == 0)
        {
            return JobOutcome.Failure($"No page could be fetched: {string.Join("; ", failures)}", retryable: true);
        }
        foreach (var failure in failures) logger.LogInformation("Extract job {JobId} skipped {Failure}", job.Id, failure);

        extractStarted ??= DateTime.UtcNow;
        JobOutcome outcome;
        try
        {
            outcome = schema is not null
                ? FromSchema(request, schema, outcomes, failures, firstBlobKey, clock)
                : request.Prompt is not null
                    ? await FromPromptAsync(request, documents, cancellationToken)
                    : PageWork.Run(limit, () => FromPage(request, firstPage!.Value, firstBlobKey, clock), cancellationToken);
        }
        catch (PageWorkTimeoutException e)
        {
            outcome = JobOutcome.Failure($"{firstPage?.Url}: {e.Message}", retryable: false);
        }
        await steps.RecordAsync(job.Id, job.Attempts, "extract", extractStarted.Value,
            outcome is JobOutcome.Succeeded ? JobSteps.Succeeded : JobSteps.Failed,
            outcome is JobOutcome.Failed failed ? failed.Error : null, cancellationToken);
        return outcome;
    }

    private static JobOutcome FromPage(ExtractJobRequest request, (string Url, string? Html) page, string? blobKey, Stopwatch clock)
    {
        if (page.Html is null) return JobOutcome.Failure($"{page.Url} is not an HTML page; without a schema only a page's declared data is extracted.", retryable: false);
        var (data, quality) = PageData.FromHtml(page.Html, new Uri(page.Url.Trim()));
        var result = new JsonObject { ["data"] = data.DeepClone(), ["rows"] = new JsonArray(data.DeepClone()) };
        return JobOutcome.Success(result.ToJsonString(), new ResultRow(
            Domain: new Uri(page.Url.Trim()).Host,
            DataType: request.DataType ?? "page",
            NormalizedJson: data.ToJsonString(),
            RawBlobKey: blobKey,
            QualityCompleteness: quality.Completeness,
            QualityValidation: quality.Validation,
            QualityComposite: quality.Composite,
            LatencyMs: (int)clock.ElapsedMilliseconds));
    }

    /// <summary>The request's schema, compiled; in row mode the schema describes one record and the page gives a list of them.</summary>
    private static ExtractionSchema SchemaOf(ExtractJobRequest request)
    {
        var rowSchema = JsonNode.Parse(request.Schema!.Value.GetRawText())!;
        var schemaNode = request.Rows
            ? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["rows"] = new JsonObject { ["type"] = "array", ["items"] = rowSchema } } }
            : rowSchema;
        return ExtractionSchema.Parse(schemaNode);
    }

    /// <summary>The pages' outcomes (in the order of the request's URLs) merged into the job's result and row.</summary>
    private static JobOutcome FromSchema(ExtractJobRequest request, ExtractionSchema schema, List<ExtractionOutcome> outcomes, List<string> failures,
        string? blobKey, Stopwatch clock)
    {
        if (outcomes.Count == 0)
        {
            return JobOutcome.Failure($"No page could be extracted: {string.Join("; ", failures)}", retryable: false);
        }
        var merged = outcomes.Count == 1 ? outcomes[0] : ExtractionMerge.Merge(schema, outcomes);
        var data = merged.Data;
        var rows = request.Rows ? data["rows"] as JsonArray ?? [] : new JsonArray(data.DeepClone());
        var result = new JsonObject
        {
            ["data"] = request.Rows ? rows.DeepClone() : data.DeepClone(),
            ["rows"] = rows.DeepClone(),
            ["sources"] = JsonSerializer.SerializeToNode(merged.SourceUrls),
            ["quality"] = JsonSerializer.SerializeToNode(merged.Quality, JsonSerializerOptions.Web),
            ["warnings"] = JsonSerializer.SerializeToNode(merged.Warnings.Concat(failures).ToList()),
        };
        var first = new Uri(request.Urls[0].Trim());
        var row = new ResultRow(
            Domain: first.Host,
            DataType: request.DataType ?? (request.Rows ? "rows" : "record"),
            NormalizedJson: (request.Rows ? (JsonNode)rows : data).ToJsonString(),
            SchemaId: request.SchemaId,
            RawBlobKey: blobKey,
            QualityCompleteness: merged.Quality.Completeness,
            QualityValidation: merged.Quality.Validation,
            QualityComposite: merged.Quality.Composite,
            LatencyMs: (int)clock.ElapsedMilliseconds);
        return JobOutcome.Success(result.ToJsonString(), row);
    }

    /// <summary>Keeps the page as fetched, replacing what an earlier attempt kept; swept with the job.</summary>
    private async Task<string> StoreRawPageAsync(Job job, int index, FetchResult fetched, CancellationToken cancellationToken)
    {
        var key = RawBlobKey(job.Id, index);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await db.Blobs.Where(b => b.Key == key).ExecuteDeleteAsync(cancellationToken);
        db.Blobs.Add(new Blob
        {
            Key = key, JobId = job.Id, OwnerSubject = job.OwnerSubject, ContentType = fetched.ContentType ?? "application/octet-stream",
            Content = fetched.Body, SizeBytes = fetched.Body.Length, CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    private async Task<JobOutcome> FromPromptAsync(ExtractJobRequest request, List<PromptDocument> documents, CancellationToken cancellationToken)
    {
        try
        {
            var extractor = PromptExtractors.FromSettings(llm.Value);
            var answer = await extractor.ExtractAsync(new PromptExtractionRequest(request.Prompt ?? "", documents), cancellationToken);
            var result = new JsonObject { ["data"] = answer.DeepClone(), ["rows"] = new JsonArray(answer.DeepClone()) };
            return JobOutcome.Success(result.ToJsonString());
        }
        catch (PromptExtractionUnavailableException e)
        {
            return JobOutcome.Failure(e.Message, retryable: false);
        }
    }

    /// <summary>
    /// A fetched page as the extractor's input: HTML (in the charset its Content-Type names) or a document (PDF, DOCX,
    /// text). Throws <see cref="InvalidDocumentException"/> for a document that cannot be read. Extract jobs and the
    /// scrape formats (<see cref="PageFormats"/>) both read pages this way.
    /// </summary>
    public static ExtractionInput InputOf(FetchResult fetched, string? html = null)
    {
        html ??= IsHtml(fetched) ? PageDocuments.Decode(fetched.Body, fetched.ContentType ?? "") : null;
        return html is not null
            ? ExtractionInput.FromHtml(html, fetched.FinalUrl.AbsoluteUri)
            : ExtractionInput.FromDocument(fetched.Body, fetched.FinalUrl.AbsolutePath, fetched.ContentType);
    }

    /// <summary>The schema filled from one page: the deterministic extractor, as every extraction here runs it.</summary>
    public static ExtractionOutcome Fill(ExtractionInput input, ExtractionSchema schema) => SchemaExtractor.Extract(input, schema);

    /// <summary>A page's text for the LLM (HTML pages only; other documents give none).</summary>
    public static string TextOf(string? html) => html is null ? "" : DocumentText.FromHtml(html);

    /// <summary>A fetched page's text for the LLM.</summary>
    public static string TextOf(FetchResult fetched) => TextOf(IsHtml(fetched) ? PageDocuments.Decode(fetched.Body, fetched.ContentType ?? "") : null);

    private static bool IsHtml(FetchResult fetched) =>
        fetched.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false;
}
