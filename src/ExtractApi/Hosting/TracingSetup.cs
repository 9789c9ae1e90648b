using ExtractApi.Jobs.Engine;
using ExtractApi.Work;
using Npgsql;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ExtractApi.Hosting;

/// <summary>
/// OpenTelemetry traces, exported over OTLP when the standard variables name a collector
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c> as usual). Without them
/// nothing is registered and nothing is recorded. Spans: each HTTP request (ASP.NET Core), each run of a job (linked
/// to the request that created it), each page fetch and each HTTP call it makes, each extraction, each SQL statement.
/// </summary>
public static class TracingSetup
{
    public static WebApplicationBuilder AddApiTracing(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) &&
            string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName: configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : "extractapi"))
            .WithTracing(tracing => tracing
                .AddSource(EngineTracing.SourceName, WorkTracing.SourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter());
        return builder;
    }
}
