using ExtractApi.Dialects.Docmap;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Dialects.JustCrawl;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Dialects.SharedExtract;

namespace ExtractApi.Dialects;

public static class DialectEndpoints
{
    /// <summary>The vendor APIs: one map per dialect, plus the extract path Firecrawl and Linkup share.</summary>
    public static IEndpointRouteBuilder MapDialects(this IEndpointRouteBuilder app)
    {
        app.MapFirecrawl();
        app.MapLinkup();
        app.MapDocmap();
        app.MapJustCrawl();
        app.MapSharedExtract();
        return app;
    }
}
