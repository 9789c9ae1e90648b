using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Options;

using Microsoft.AspNetCore.Http.HttpResults;

namespace ExtractApi.Dialects.Docmap;

/// <summary>
/// <c>POST /v1/extractions/run</c>, Docmap's documented way to run an extraction: a JSON body with the document as
/// base64 (<c>pdfBase64</c>, PDF or DOCX by <c>mimeType</c>), at most 15 MB (<see cref="DocmapSettings.MaxUploadBytes"/>).
/// Synchronous by default (waits up to <see cref="DocmapSettings.SyncWaitSeconds"/>, then answers the record
/// <c>processing</c>); <c>?async=true</c> answers at once. The answer is <c>{data: extraction}</c> as in
/// <c>GET /v1/extractions/{id}</c>.
/// </summary>
public static class DocmapRunApi
{
    public static readonly string[] MimeTypes = ["application/pdf", DocxDocument.MimeType];

    internal static IEndpointRouteBuilder MapDocmapRun(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/extractions/run", Run)
            .WithTags("Docmap")
            .WithName("DocmapRunExtractionJson")
            .WithSummary("Runs an extraction: `{templateId, fileName, pdfBase64, mimeType (application/pdf or DOCX), runId?}`, `?async=true` to answer at once.")
            .RequireAuthorization()
            .Accepts<DocmapRunRequest>("application/json")
            .ProducesErrors<DocmapError>(400, 401, 403, 404, 413, 429);
        return app;
    }

    private static async Task<Results<Ok<DocmapEnvelope<DocmapExtraction>>, Accepted<DocmapEnvelope<DocmapExtraction>>, JsonHttpResult<DocmapError>>> Run(HttpContext context, string? async, Caller caller, JobsDbContext db, JobSubmitter submitter,
        IOptions<DocmapSettings> options, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var request = context.Request;
        if (request.ContentLength > settings.MaxUploadBytes) return DocmapSubmission.TooLarge(settings.MaxUploadBytes).ToDocmap();
        if (request.ContentLength is null)
        {
            // A body without a length (chunked) is read up to the limit before it is parsed.
            var buffered = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffered.Length + read > settings.MaxUploadBytes) return DocmapSubmission.TooLarge(settings.MaxUploadBytes).ToDocmap();
                buffered.Write(chunk, 0, read);
            }
            buffered.Position = 0;
            request.Body = buffered;
        }
        var asynchronous = async switch
        {
            null or "" or "false" => false,
            "true" => true,
            _ => (bool?)null,
        };
        if (asynchronous is null)
        {
            return ApiError.BadRequest("async must be \"true\" or \"false\".", [new FieldError("async", "must be \"true\" or \"false\"")]).ToDocmap();
        }

        var (body, jsonError) = await JsonBody.ReadAsync(request, cancellationToken);
        if (jsonError is not null) return jsonError.ToDocmap();
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return ApiError.BadRequest($"{notObject!.Field} {notObject.Message}", [notObject]).ToDocmap();
        var templateId = reader.Text("templateId", required: true, maxLength: 200);
        if (templateId is { Length: 0 }) reader.Fail("templateId", "must not be empty");
        var fileName = reader.Text("fileName", required: true, maxLength: 255);
        if (fileName is not null && Path.GetFileName(fileName).Length == 0) reader.Fail("fileName", "must name a file");
        var base64 = reader.Text("pdfBase64", required: true, maxLength: int.MaxValue);
        var mimeType = reader.Text("mimeType", required: true, maxLength: 200);
        var runId = reader.Text("runId", maxLength: 200);
        if (!reader.IsValid) return ApiError.BadRequest(reader.Summary, reader.Errors).ToDocmap();

        var mediaType = mimeType!.Split(';')[0].Trim().ToLowerInvariant();
        if (!MimeTypes.Contains(mediaType))
        {
            return new ApiError(400, "INVALID_MIME_TYPE", $"Unsupported mimeType '{mimeType}': send application/pdf or {DocxDocument.MimeType}.").ToDocmap();
        }
        var content = Decode(base64!);
        var problem = content switch
        {
            null => "is not valid base64",
            { Length: 0 } => "must hold a non-empty document",
            _ when mediaType == "application/pdf" && !DocumentText.IsPdf(content) => "does not hold a PDF (it does not start with %PDF-)",
            _ when mediaType == DocxDocument.MimeType && !content.AsSpan().StartsWith("PK\u0003\u0004"u8) => "does not hold a DOCX (it is not a ZIP package)",
            _ => null,
        };
        if (problem is not null) return ApiError.BadRequest($"pdfBase64: {problem}", [new FieldError("pdfBase64", problem)]).ToDocmap();

        var (template, templateError) = await DocmapTemplatesApi.FindAsync(db, templateId!, caller, cancellationToken);
        if (template is null) return templateError!.ToDocmap();
        return await DocmapSubmission.SubmitAsync(new DocmapSubmission.Document(fileName!, mediaType, content!, runId), template, asynchronous.Value,
            caller, db, submitter, settings, cancellationToken);
    }

    /// <summary>The decoded bytes, or null when the text is not base64 (a <c>data:</c> URL prefix is not part of it either).</summary>
    private static byte[]? Decode(string base64)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
