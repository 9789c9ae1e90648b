using System.Reflection;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Engine;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace ExtractApi.Dashboard;

/// <summary>
/// The operators' dashboard: a small page served by the app (<c>/dashboard</c>, no scripts from elsewhere) on JSON
/// endpoints under <c>/dashboard/api</c> that need a bearer token with the <c>admin</c> role (<c>token --admin</c>,
/// or a <c>role</c>/<c>roles</c> claim from the identity provider). Operators see every tenant's jobs.
/// </summary>
public static class DashboardApi
{
    private static readonly string[] Assets = ["dashboard.html", "dashboard.js", "dashboard.css"];

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // The page itself holds no data: it asks for a token and calls the API with it.
        foreach (var asset in Assets)
        {
            var bytes = ReadAsset(asset);
            var contentType = Path.GetExtension(asset) switch { ".html" => "text/html; charset=utf-8", ".js" => "text/javascript; charset=utf-8", _ => "text/css; charset=utf-8" };
            var path = asset == "dashboard.html" ? "/dashboard" : "/dashboard/" + asset;
            app.MapGet(path, (HttpResponse response) =>
            {
                response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
                response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(bytes, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }

        var api = app.MapGroup("/dashboard/api").RequireAuthorization(policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.Claims.Any(c => c.Type is TokenIssuer.RoleClaim or "roles" && c.Value == TokenIssuer.AdminRole)))
            .WithTags("Dashboard");
        api.MapGet("/summary", Summary).WithName("DashboardSummary").WithSummary("Queue depth by status and kind; finished jobs per minute over the last hour.");
        api.MapGet("/jobs", ListJobs).WithName("DashboardJobs").WithSummary("Jobs of every tenant, newest first, filtered by status, dialect, organisation and age.");
        api.MapGet("/jobs/{id}", GetJob).WithName("DashboardJob").WithSummary("One job: request, result, error, attempts, lease, timings, pages.");
        api.MapPost("/jobs/{id}/cancel", Cancel).WithName("DashboardCancel").WithSummary("Cancels a pending or running job of any tenant.");
        api.MapPost("/jobs/{id}/retry", Retry).WithName("DashboardRetry").WithSummary("Puts a failed or cancelled job back in the queue with its attempts reset.");
        return app;
    }

    private static async Task<Ok<DashboardSummary>> Summary(JobsDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        TypedResults.Ok(await new DashboardQueries(db, dataSource).SummaryAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<DashboardJob>>, JsonHttpResult<DashboardError>>> ListJobs(string? status, string? dialect, string? organisation, int? maxAgeMinutes, int? limit,
        JobsDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        JobStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            try { statusFilter = StoredNames.Parse<JobStatus>(status); }
            catch (FormatException) { return Problem($"Unknown status '{status}'."); }
        }
        Dialect? dialectFilter = null;
        if (!string.IsNullOrEmpty(dialect))
        {
            if (!Enum.TryParse<Dialect>(dialect, ignoreCase: true, out var parsed)) return Problem($"Unknown dialect '{dialect}'.");
            dialectFilter = parsed;
        }
        if (maxAgeMinutes is <= 0) return Problem("maxAgeMinutes must be positive.");
        var filter = new DashboardJobFilter(statusFilter, dialectFilter, string.IsNullOrWhiteSpace(organisation) ? null : organisation.Trim(),
            maxAgeMinutes is { } minutes ? TimeSpan.FromMinutes(minutes) : null, Math.Clamp(limit ?? 100, 1, 500));
        return TypedResults.Ok(await new DashboardQueries(db, dataSource).JobsAsync(filter, cancellationToken));
    }

    private static async Task<Results<Ok<DashboardJobDetail>, JsonHttpResult<DashboardError>>> GetJob(string id, JobsDbContext db, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return Problem("The job id is not a UUID.");
        var job = await new DashboardQueries(db, dataSource).JobAsync(jobId, cancellationToken);
        if (job is null) return NotFound();
        return TypedResults.Ok(job);
    }

    private static async Task<Results<Ok<DashboardCancelled>, JsonHttpResult<DashboardError>>> Cancel(string id, JobQueue queue, ILogger<DashboardQueries> logger, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return Problem("The job id is not a UUID.");
        var result = await queue.CancelAnyAsync(jobId, cancellationToken);
        if (result == CancelResult.Cancelled)
        {
            logger.LogInformation("Job {JobId} cancelled from the dashboard by {Operator}", jobId, context.User.Identity?.Name);
        }
        return result switch
        {
            CancelResult.Cancelled => TypedResults.Ok(new DashboardCancelled(true)),
            CancelResult.AlreadyFinished => Error("The job has already finished; it cannot be cancelled.", 409),
            _ => NotFound(),
        };
    }

    private static async Task<Results<Ok<DashboardRetried>, JsonHttpResult<DashboardError>>> Retry(string id, JobQueue queue, ILogger<DashboardQueries> logger, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId)) return Problem("The job id is not a UUID.");
        var result = await queue.RetryAsync(jobId, cancellationToken);
        if (result == RetryResult.Retried)
        {
            logger.LogInformation("Job {JobId} put back in the queue from the dashboard by {Operator}", jobId, context.User.Identity?.Name);
        }
        return result switch
        {
            RetryResult.Retried => TypedResults.Ok(new DashboardRetried(true)),
            RetryResult.NotRetryable => Error("Only failed or cancelled jobs can be retried.", 409),
            _ => NotFound(),
        };
    }

    private static JsonHttpResult<DashboardError> Problem(string message) => Error(message, 400);

    private static JsonHttpResult<DashboardError> NotFound() => Error("Job not found.", 404);

    private static JsonHttpResult<DashboardError> Error(string message, int status) => TypedResults.Json(new DashboardError(message), statusCode: status);

    private static byte[] ReadAsset(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"ExtractApi.Dashboard.{name}")
            ?? throw new InvalidOperationException($"The dashboard asset {name} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
