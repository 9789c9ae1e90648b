using Microsoft.OpenApi;
using ExtractApi.Api;

namespace ExtractApi.Hosting;

public static class SwaggerSetup
{
    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ExtractApi",
                Version = "v1",
                Description = "Self-hosted async extraction: the job APIs of Firecrawl (v1 and v2, one group each), Linkup, Docmap and JustCrawl in one server. " +
                    "Get a token with `dotnet run --project src/ExtractApi --no-launch-profile -- token --sub you --org your-org`, then press Authorize.",
            });
            options.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from the `token` command (or your identity provider).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference("bearer", document)] = [],
            });
            options.TagActionsBy(api => api.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.ITagsMetadata>()
                .SelectMany(t => t.Tags).Take(1).DefaultIfEmpty("Health").ToList());
            // Stored JSON written through as it is (page metadata): an object to the reader of the docs.
            options.MapType<ExtractApi.Api.RawJson>(() => new OpenApiSchema { Type = JsonSchemaType.Object });
            options.CustomSchemaIds(type => type.IsGenericType
                ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(a => a.Name))
                : type.Name);
        });
        return services;
    }

    /// <summary>
    /// The document and the UI, both under <c>/swagger</c>: other requests skip their middleware (each matched every
    /// request's path against its routes, with a regular expression for the UI, a measurable part of a poll).
    /// </summary>
    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase), docs =>
        {
            docs.UseSwagger();
            docs.UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint("/swagger/v1/swagger.json", "ExtractApi v1");
                options.DocumentTitle = "ExtractApi";
                options.EnablePersistAuthorization();
            });
        });
        return app;
    }
}
