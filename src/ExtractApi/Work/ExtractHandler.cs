using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping.Fetching;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// Runs an extraction from web pages: fetches each URL, fills the schema deterministically from each page
/// (<see cref="SchemaExtractor"/>), merges the pages into one object, and hands the engine the result and the
/// <c>extraction_results</c> row the bulk writer lands. Linkup's row mode fills a list of records, each matching the
/// row schema. Prompt-only requests go to the optional LLM and fail clearly when none is configured.
/// </summary>
public sealed class ExtractHandler(
    PageFetcher fetcher,
    IOptions<ScrapingSettings> settings,
    IOptions<PromptExtractorSettings> llm,
    ILogger<ExtractHandler> logger) : IJobHandler
{
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

        var pages = new List<(string Url, ExtractionInput Input, string? Html)>();
        var failures = new List<string>();
        foreach (var url in request.Urls)
        {
            await context.CheckpointAsync(cancellationToken);
            var fetched = await fetcher.FetchAsync(new Uri(url.Trim()), options, cancellationToken);
            if (!fetched.Succeeded || fetched.StatusCode >= 400)
            {
                failures.Add($"{url}: {fetched.Error ?? $"answered {fetched.StatusCode}"}");
                continue;
            }
            var html = IsHtml(fetched) ? PageDocuments.Decode(fetched.Body, fetched.ContentType ?? "") : null;
            var input = html is not null
                ? ExtractionInput.FromHtml(html, fetched.FinalUrl.AbsoluteUri)
                : ExtractionInput.FromDocument(fetched.Body, fetched.FinalUrl.AbsolutePath, fetched.ContentType);
            pages.Add((url, input, html));
            await context.ReportProgressAsync(null, pages.Count, pages.Count, cancellationToken);
        }
        if (pages.Count == 0)
        {
            return JobOutcome.Failure($"No page could be fetched: {string.Join("; ", failures)}", retryable: true);
        }
        foreach (var failure in failures) logger.LogInformation("Extract job {JobId} skipped {Failure}", job.Id, failure);

        if (request.Schema is null)
        {
            return await FromPromptAsync(request, pages, cancellationToken);
        }

        var rowSchema = JsonNode.Parse(request.Schema.Value.GetRawText())!;
        // Row mode: the schema describes one record; the page gives a list of them.
        var schemaNode = request.Rows
            ? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["rows"] = new JsonObject { ["type"] = "array", ["items"] = rowSchema } } }
            : rowSchema;
        ExtractionSchema schema;
        try
        {
            schema = ExtractionSchema.Parse(schemaNode);
        }
        catch (InvalidSchemaException e)
        {
            return JobOutcome.Failure($"Invalid schema: {e.Message}", retryable: false);
        }

        var outcomes = pages.Select(p => SchemaExtractor.Extract(p.Input, schema) with { Url = p.Url }).ToList();
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
            QualityCompleteness: merged.Quality.Completeness,
            QualityValidation: merged.Quality.Validation,
            QualityComposite: merged.Quality.Composite,
            LatencyMs: (int)clock.ElapsedMilliseconds);
        return JobOutcome.Success(result.ToJsonString(), row);
    }

    private async Task<JobOutcome> FromPromptAsync(ExtractJobRequest request, List<(string Url, ExtractionInput Input, string? Html)> pages,
        CancellationToken cancellationToken)
    {
        try
        {
            var extractor = PromptExtractors.FromSettings(llm.Value);
            var answer = await extractor.ExtractAsync(new PromptExtractionRequest(request.Prompt ?? "",
                pages.Select(p => new PromptDocument(p.Url, p.Html is null ? "" : DocumentText.FromHtml(p.Html))).ToList()), cancellationToken);
            var result = new JsonObject { ["data"] = answer.DeepClone(), ["rows"] = new JsonArray(answer.DeepClone()) };
            return JobOutcome.Success(result.ToJsonString());
        }
        catch (PromptExtractionUnavailableException e)
        {
            return JobOutcome.Failure(e.Message, retryable: false);
        }
    }

    private static bool IsHtml(FetchResult fetched) =>
        fetched.ContentType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false;
}
