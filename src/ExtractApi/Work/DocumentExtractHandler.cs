using System.Diagnostics;
using System.Text.Json.Nodes;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Scraping;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ExtractApi.Work;

/// <summary>
/// Fills a Docmap template from an uploaded document (PDF, HTML or text), read from the blob stored at upload.
/// A document that cannot be read fails the job without retries: another attempt would read the same bytes.
/// </summary>
public sealed class DocumentExtractHandler(IServiceScopeFactory scopes, IOptions<ScrapingSettings> settings) : IJobHandler
{
    public JobKind Kind => JobKind.DocumentExtract;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var request = JsonNode.Parse(context.Job.Request)!.AsObject();
        var blobKey = request["blobKey"]!.GetValue<string>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        var blob = await db.Blobs.FirstOrDefaultAsync(b => b.Key == blobKey, cancellationToken);
        if (blob is null) return JobOutcome.Failure($"The uploaded document {blobKey} is gone.", retryable: false);

        JsonObject data;
        QualityScores quality;
        try
        {
            var schema = TemplateSchema.FromDocmapTemplate(new JsonObject { ["variables"] = request["variables"]?.DeepClone() });
            var input = ExtractionInput.FromDocument(blob.Content, request["fileName"]?.GetValue<string>(), blob.ContentType);
            using var span = WorkTracing.StartExtraction(context.Job.Id, blob.ContentType);
            var outcome = PageWork.Run(settings.Value.PageProcessingTimeout, () => SchemaExtractor.Extract(input, schema), cancellationToken);
            data = outcome.Data;
            quality = outcome.Quality;
        }
        catch (Exception e) when (e is InvalidDocumentException or PageWorkTimeoutException)
        {
            return JobOutcome.Failure(e.Message, retryable: false);
        }
        catch (InvalidSchemaException e)
        {
            return JobOutcome.Failure($"The template cannot be used: {e.Message}", retryable: false);
        }
        await context.ReportProgressAsync(1, 1, 1, cancellationToken);

        var result = new JsonObject { ["data"] = data.DeepClone() };
        var row = new ResultRow(
            Domain: "document",
            DataType: request["templateName"]?.GetValue<string>() ?? "document",
            NormalizedJson: data.ToJsonString(),
            SchemaId: request["templateId"]?.GetValue<string>(),
            RawBlobKey: blobKey,
            QualityCompleteness: quality.Completeness,
            QualityValidation: quality.Validation,
            QualityComposite: quality.Composite,
            LatencyMs: (int)clock.ElapsedMilliseconds);
        return JobOutcome.Success(result.ToJsonString(), row);
    }
}
