using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ExtractApi.Dialects.Docmap;

/// <summary>
/// <c>POST /v1/extractions</c> (an ExtractApi extension; Docmap's own route is the JSON <c>POST /v1/extractions/run</c>):
/// a document (multipart <c>file</c>) filled against a template (<c>templateId</c>).
/// By default the call waits a short while and answers the finished record (200); with <c>async=true</c>, or when the
/// wait runs out, it answers 202 with the record still <c>processing</c>, to be polled at <c>GET /v1/extractions/{id}</c>.
/// </summary>
public static class DocmapExtractionsApi
{
    public static readonly string[] ContentTypes = ["application/pdf", Extraction.DocxDocument.MimeType, "text/html", "text/plain", "application/xhtml+xml"];

    internal static IEndpointRouteBuilder MapDocmapExtractions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/extractions", Create)
            .WithTags("Docmap")
            .WithName("DocmapRunExtraction")
            .WithSummary("ExtractApi extension: runs an extraction from a multipart `file` (PDF, DOCX, HTML, text) + `templateId`, optional `runId`, `async`.")
            .RequireAuthorization()
            .DisableAntiforgery()
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesErrors<DocmapError>(400, 401, 403, 404, 413, 422, 429);
        return app;
    }

    private static async Task<Results<Ok<DocmapEnvelope<DocmapExtraction>>, Accepted<DocmapEnvelope<DocmapExtraction>>, JsonHttpResult<DocmapError>>> Create(HttpContext context, Caller caller, JobsDbContext db, JobSubmitter submitter,
        IOptions<DocmapSettings> settings, CancellationToken cancellationToken)
    {
        var maxBytes = settings.Value.MaxUploadBytes;
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            return ApiError.BadRequest("Send the document as multipart/form-data with a 'file' part and a 'templateId' field.").ToDocmap();
        }
        if (request.ContentLength > maxBytes + 64 * 1024) return DocmapSubmission.TooLarge(maxBytes).ToDocmap();
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes }, cancellationToken);
        }
        catch (InvalidDataException)
        {
            return DocmapSubmission.TooLarge(maxBytes).ToDocmap();
        }

        var file = form.Files.GetFile("file");
        var templateId = form["templateId"].ToString();
        var runId = form["runId"].ToString() is { Length: > 0 } run ? run : null;
        var asynchronous = string.Equals(form["async"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var errors = new List<FieldError>();
        if (file is null || file.Length == 0) errors.Add(new FieldError("file", "a non-empty document is required"));
        if (templateId.Length == 0) errors.Add(new FieldError("templateId", "is required"));
        if (runId is { Length: > 200 }) errors.Add(new FieldError("runId", "must be at most 200 characters"));
        foreach (var (field, value) in new[] { ("templateId", templateId), ("runId", runId ?? ""), ("file", file?.FileName ?? "") })
        {
            if (value.Contains('\0', StringComparison.Ordinal)) errors.Add(new FieldError(field, "must not contain NUL (U+0000)"));
        }
        if (errors.Count > 0) return ApiError.BadRequest(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")), errors).ToDocmap();
        if (file!.Length > maxBytes) return DocmapSubmission.TooLarge(maxBytes).ToDocmap();
        var contentType = (file.ContentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        if (!ContentTypes.Contains(contentType))
        {
            return new ApiError(400, "INVALID_MIME_TYPE", $"Unsupported file type '{contentType}': send PDF, DOCX, HTML or plain text.").ToDocmap();
        }

        var (template, templateError) = await DocmapTemplatesApi.FindAsync(db, templateId, caller, cancellationToken);
        if (template is null) return templateError!.ToDocmap();

        // Read straight into an array of the file's length (a MemoryStream and its copy held the document twice).
        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        return await DocmapSubmission.SubmitAsync(new DocmapSubmission.Document(file.FileName, contentType, content, runId), template, asynchronous,
            caller, db, submitter, settings.Value, cancellationToken);
    }
}
