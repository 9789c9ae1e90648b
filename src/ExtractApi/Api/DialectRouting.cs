using ExtractApi.Jobs.Model;

namespace ExtractApi.Api;

/// <summary>Tells which dialect a request speaks from its path, for answers made outside the handlers.</summary>
public static class DialectRouting
{
    public static Dialect For(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api")) return Dialect.JustCrawl;
        if (path.StartsWithSegments("/v1/extractions") || path.StartsWithSegments("/v1/templates")) return Dialect.Docmap;
        if (path.StartsWithSegments("/v1/extract")) return LooksLikeLinkup(context) ? Dialect.Linkup : Dialect.Firecrawl;
        return Dialect.Firecrawl;
    }

    /// <summary><c>/v1/extract</c> is shared by Firecrawl and Linkup; before a job or a body says which, the Linkup
    /// SDK's user agent does.</summary>
    public static bool LooksLikeLinkup(HttpContext context) =>
        context.Request.Headers.UserAgent.ToString().StartsWith("Linkup", StringComparison.OrdinalIgnoreCase);
}
