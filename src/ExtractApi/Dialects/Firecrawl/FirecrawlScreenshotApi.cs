using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using ExtractApi.Jobs.Pages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// <c>GET /v1/screenshots/{job}/{ordinal}/{index}</c> (an extension): a rendered page's screenshot, the link a
/// document's <c>screenshot</c> and <c>actions.screenshots</c> carry. Fetched with the caller's token; another
/// tenant's job, or a job swept with its blobs, is 404.
/// </summary>
public static class FirecrawlScreenshotApi
{
    public static IEndpointRouteBuilder MapFirecrawlScreenshots(this IEndpointRouteBuilder app)
    {
        app.MapGet(Work.PageSource.ScreenshotLinkPrefix + "{jobId}/{ordinal:int}/{index:int}", GetScreenshot)
            .WithTags("Firecrawl")
            .WithName("FirecrawlScreenshot")
            .WithSummary("A rendered page's screenshot (PNG, or JPEG when a quality was asked), as linked from its document.")
            .RequireAuthorization();
        return app;
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<FirecrawlError>>> GetScreenshot(string jobId, int ordinal, int index, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(jobId, "N", out var id) && !Guid.TryParse(jobId, out id))
        {
            return ApiError.BadRequest("Invalid job id: it must be a UUID.").ToFirecrawl();
        }
        var job = await JobLookup.FindAsync(db, id, cancellationToken);
        if (job is null || !job.IsOwnedBy(caller)) return ApiError.NotFound("Screenshot not found.").ToFirecrawl();
        var key = ScrapePageStore.ScreenshotBlobKey(id, ordinal, index);
        var blob = await db.Blobs.AsNoTracking().FirstOrDefaultAsync(b => b.Key == key && b.JobId == id, cancellationToken);
        return blob is null ? ApiError.NotFound("Screenshot not found.").ToFirecrawl() : TypedResults.File(blob.Content, blob.ContentType);
    }
}
