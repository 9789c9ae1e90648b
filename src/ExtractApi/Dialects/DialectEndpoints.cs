using ExtractApi.Dialects.Docmap;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Dialects.JustCrawl;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Dialects.SharedExtract;

namespace ExtractApi.Dialects;

public static class DialectEndpoints
{
    /// <summary>
    /// The vendor APIs: one map per dialect, plus the extract path Firecrawl and Linkup share.
    /// Handlers that write: <c>JobsDbContext</c> tracks nothing by default (<c>UseJobDatabase</c>), so changing a queried
    /// entity and calling <c>SaveChanges</c> silently writes nothing; use <c>Add</c>, <c>ExecuteUpdate</c>/<c>ExecuteDelete</c>
    /// or <c>AsTracking()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapDialects(this IEndpointRouteBuilder app)
    {
        app.MapFirecrawl();
        app.MapFirecrawlScreenshots();
        app.MapLinkup();
        app.MapDocmap();
        app.MapJustCrawl();
        app.MapSharedExtract();
        return app;
    }
}
