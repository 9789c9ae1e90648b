using System.Text.Json.Nodes;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Usage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ExtractApi.Dialects.Docmap;

/// <summary>
/// What both ways of starting a Docmap extraction do once the request is read and valid (the JSON
/// <c>POST /v1/extractions/run</c> and the multipart extension <c>POST /v1/extractions</c>): count the use against the
/// monthly limit, store the document, create the job, and wait (bounded) for its record unless asked not to.
/// </summary>
public static class DocmapSubmission
{
    /// <summary>A document to fill against a template, already checked.</summary>
    public sealed record Document(string FileName, string ContentType, byte[] Content, string? RunId);

    public static async Task<Results<Ok<DocmapEnvelope<DocmapExtraction>>, Accepted<DocmapEnvelope<DocmapExtraction>>, JsonHttpResult<DocmapError>>> SubmitAsync(Document document, Template template, bool asynchronous, Caller caller, JobsDbContext db,
        JobSubmitter submitter, DocmapSettings settings, CancellationToken cancellationToken)
    {
        var limit = settings.MonthlyExtractionLimit;
        if (limit > 0 && !await UsageCounters.TryTakeAsync(db, caller.Subject, UsageCounters.PeriodKey(DateTime.UtcNow), limit, cancellationToken))
        {
            return new ApiError(429, "USAGE_LIMIT_EXCEEDED", $"The monthly limit of {limit} extractions is reached; it resets at the start of next month (UTC).")
                .ToDocmap();
        }

        // The document and its job are stored in one transaction: a worker never sees a job without its document, and a
        // failed create leaves no document behind.
        var blobKey = $"upload/{Guid.NewGuid():N}";
        var jobRequest = new JsonObject
        {
            ["templateId"] = template.Id,
            ["templateName"] = template.Name,
            ["fileName"] = Path.GetFileName(document.FileName),
            ["variables"] = JsonNode.Parse(template.Variables),
            ["source"] = "api",
            ["runId"] = document.RunId,
            ["blobKey"] = blobKey,
        };
        SubmitResult submitted;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            submitted = await submitter.SubmitAsync(
                new JobSubmission(caller.Subject, caller.Organisation, Dialect.Docmap, JobKind.DocumentExtract, jobRequest.ToJsonString()) { Total = 1 },
                (NpgsqlTransaction)transaction.GetDbTransaction(), cancellationToken);
            db.Blobs.Add(new Blob
            {
                Key = blobKey, JobId = submitted.JobId, OwnerSubject = caller.Subject, ContentType = document.ContentType,
                Content = document.Content, SizeBytes = document.Content.Length, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var deadline = DateTime.UtcNow + (asynchronous ? TimeSpan.Zero : TimeSpan.FromSeconds(settings.SyncWaitSeconds));
        Job? job;
        while (true)
        {
            job = await JobLookup.FindAsync(db, submitted.JobId, cancellationToken);
            if (job is null || job.Status.IsFinished() || DateTime.UtcNow >= deadline) break;
            await Task.Delay(50, cancellationToken);
        }
        if (job is null) return ApiError.NotFound("The extraction vanished.").ToDocmap();
        var record = new DocmapEnvelope<DocmapExtraction>(DocmapApi.Render(job));
        return job.Status.IsFinished() ? TypedResults.Ok(record) : TypedResults.Accepted((string?)null, record);
    }

    public static ApiError TooLarge(long maxBytes) =>
        new(413, "FILE_TOO_LARGE", $"The request exceeds the {maxBytes / (1024.0 * 1024):0.##} MB limit.");
}
