using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dashboard;
using ExtractApi.Dialects;
using ExtractApi.Hosting;
using ExtractApi.Jobs.Database;
using Microsoft.Extensions.Options;
using Serilog;

// A plain logger until the host's own takes over (a reloadable bootstrap logger cannot serve several hosts in one test process).
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();
var builder = ServerDefaults.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, ServerSettings.CommandLineSwitches.ToDictionary());
if (args is ["token", ..])
{
    return TokenCommand.Run(builder.Configuration, args[1..]);
}

try
{
    builder.AddApiLogging();
    builder.AddApiTracing();
    builder.Services.AddServerSettings();
    await using var localDatabase = await builder.AddJobDatabaseAsync();
    builder.AddJobEngine();
    builder.AddWork();
    builder.AddApiAuthentication();
    builder.Services.AddApiJson();
    builder.Services.AddDialectErrors();
    builder.Services.AddApiDocs();
    builder.Services.AddApiHealth();
    builder.Services.AddApiRateLimiting();
    builder.Services.AddJobAnswerCache();

    var app = builder.Build();
    // Every settings section now, before the database is touched: a bad key stops the server with its name.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.MigrateJobDatabaseAsync();

    // Outermost, so the request log shows the status the client got (after the error handler mapped it).
    app.UseSerilogRequestLogging(options => options.Logger = app.Services.GetRequiredService<Serilog.ILogger>());
    app.UseDialectErrors();
    app.UseApiDocs();
    app.UseAuthentication();
    // After authentication: callers are limited by who the validated token says they are (RateLimiting.cs).
    app.UseRateLimiter();
    app.UseAuthorization();

    app.MapApiHealth();
    app.MapEngineMetrics();
    app.MapDialects();
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
catch (Exception e) when (e is OptionsValidationException || e is AggregateException { InnerExceptions: var inner } && inner.All(i => i is OptionsValidationException))
{
    Log.Fatal("Invalid settings: {Message}", e is AggregateException all ? string.Join(" ", all.InnerExceptions.Select(i => i.Message)) : e.Message);
    return 1;
}
catch (InvalidOperationException e) when (e.Source == "Microsoft.Extensions.Configuration.Binder")
{
    // A value the binder could not convert; its message names the key and the type.
    Log.Fatal("Invalid settings: {Message}", e.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
