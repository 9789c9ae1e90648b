using ExtractApi.Api;
using ExtractApi.Dialects;
using Microsoft.AspNetCore.Diagnostics;

namespace ExtractApi.Hosting;

public static class ErrorHandling
{
    /// <summary>Answers that no handler writes (malformed requests, unknown routes, crashes) in the request's dialect.</summary>
    public static IServiceCollection AddDialectErrors(this IServiceCollection services)
    {
        // Binding failures throw, so their message ("Failed to bind parameter ...") reaches the client.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseDialectErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A malformed request is the client's mistake, answered with 4xx: not worth an error log line.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
            ExceptionHandler = HandleAsync,
        });
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            return http.Response.StatusCode switch
            {
                400 => ApiError.BadRequest("The request is malformed.").WriteAsync(http),
                404 => ApiError.NotFound($"No endpoint {http.Request.Method} {http.Request.Path}.").WriteAsync(http),
                405 => new ApiError(405, "METHOD_NOT_ALLOWED", $"{http.Request.Method} is not allowed on {http.Request.Path}.").WriteAsync(http),
                415 => new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", $"Content-Type '{http.Request.ContentType}' is not accepted here.").WriteAsync(http),
                _ => Task.CompletedTask,
            };
        });
        return app;
    }

    private static Task HandleAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var apiError = error switch
        {
            BadHttpRequestException { StatusCode: 413 } => ApiError.TooLarge("The request body is too large."),
            BadHttpRequestException bad => new ApiError(bad.StatusCode, "VALIDATION_ERROR", bad.Message),
            _ when IsDatabaseOutage(error) => new ApiError(503, "SERVICE_UNAVAILABLE", "The job database is unavailable; retry shortly."),
            _ => ApiError.Internal(),
        };
        if (apiError.Status == 503) context.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds;
        return apiError.WriteAsync(context);
    }

    private const string DatabaseRetryAfterSeconds = "5";

    /// <summary>
    /// The database is down, restarting, refusing connections or out of them (Npgsql's transient errors, however EF
    /// wrapped them): the client should retry, so it is a 503 with <c>Retry-After</c> rather than a 500.
    /// </summary>
    private static bool IsDatabaseOutage(Exception? error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            if (inner is Npgsql.NpgsqlException { IsTransient: true }) return true;
        }
        return false;
    }
}
