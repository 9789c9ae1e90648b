namespace ExtractApi.Dialects.SharedExtract;

/// <summary>
/// <c>POST /v1/extract</c> and <c>GET /v1/extract/{id}</c>: one path that Firecrawl and Linkup both claim. The body
/// (create) or the stored job (status) says which vendor is answered, so the routes belong to neither dialect folder
/// and are mapped once, here.
/// </summary>
public static class SharedExtractApi
{
    public static IEndpointRouteBuilder MapSharedExtract(this IEndpointRouteBuilder app)
    {
        app.MapExtractCreate();
        app.MapExtractStatus();
        return app;
    }
}
