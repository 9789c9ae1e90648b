using ExtractApi.Auth;
using ExtractApi.Dashboard;
using ExtractApi.Dialects;
using ExtractApi.Dialects.Docmap;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Dialects.JustCrawl;
using ExtractApi.Dialects.Linkup;
using ExtractApi.Hosting;
using ExtractApi.Jobs.Database;
using Serilog;

// A plain logger until the host's own takes over (a reloadable bootstrap logger cannot serve several hosts in one test process).
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();
var builder = ServerDefaults.CreateBuilder(args);
if (args is ["token", ..])
{
    return TokenCommand.Run(builder.Configuration, args[1..]);
}

try
{
    builder.AddApiLogging();
    builder.AddApiTracing();
    await using var localDatabase = await builder.AddJobDatabaseAsync();
    builder.AddJobEngine();
    builder.AddWork();
    builder.AddApiAuthentication();
    builder.Services.AddApiJson();
    builder.Services.AddDialectErrors();
    builder.Services.AddApiDocs();
    builder.Services.AddApiHealth();
    builder.Services.AddApiRateLimiting(builder.Configuration);
    builder.Services.AddMemoryCache(options => options.SizeLimit = builder.Configuration.GetValue("Polling:CacheBytes", 256L * 1024 * 1024));
    builder.Services.AddSingleton<JobAnswerCache>();

    var app = builder.Build();
    await app.MigrateJobDatabaseAsync();

    // Outermost, so the request log shows the status the client got (after the error handler mapped it).
    app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
    app.UseDialectErrors();
    app.UseApiDocs();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();

    app.MapApiHealth();
    app.MapEngineMetrics();
    app.MapFirecrawl();
    app.MapExtractStatus();
    app.MapExtractCreate();
    app.MapLinkup();
    app.MapDocmap();
    app.MapDocmapTemplates();
    app.MapDocmapExtractions();
    app.MapJustCrawl();
    app.MapJustCrawlJobs();
    app.MapDashboard();

    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
    await app.RunAsync();
    return 0;
}
catch (LocalPostgresUnavailableException e)
{
    Log.Fatal("{Message}", e.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
