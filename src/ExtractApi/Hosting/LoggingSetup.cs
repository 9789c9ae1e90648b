using Serilog;
using Serilog.Formatting;
using Serilog.Formatting.Compact;

namespace ExtractApi.Hosting;

/// <summary>
/// Serilog for the server: one console line a person can read (<c>Logging:Format=text</c>, the default outside
/// Production) or one compact-JSON object per line a machine can parse (<c>json</c>, the default in Production).
/// Lines are buffered and written a few times a second (<see cref="BufferedConsoleSink"/>), so a request never waits
/// on the console and a request line costs no write of its own.
/// </summary>
public static class LoggingSetup
{
    public const string FormatKey = "Logging:Format";

    /// <summary>Replaces the bootstrap logger with one in the chosen format and registers the host's logger.</summary>
    public static WebApplicationBuilder AddApiLogging(this WebApplicationBuilder builder)
    {
        var formatter = Formatter(builder.Configuration, builder.Environment);
        // The logger used before the host is built (the embedded cluster's start-up) writes in the same format.
        Log.Logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).WriteTo.Console(formatter).CreateLogger();
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Sink(new BufferedConsoleSink(formatter)), preserveStaticLogger: true);
        return builder;
    }

    /// <summary><c>text</c> or <c>json</c>; anything else is a configuration mistake worth stopping for.</summary>
    public static ITextFormatter Formatter(IConfiguration configuration, IHostEnvironment environment)
    {
        var format = configuration[FormatKey];
        if (string.IsNullOrWhiteSpace(format)) format = environment.IsProduction() ? "json" : "text";
        return format.Trim().ToLowerInvariant() switch
        {
            "json" => new CompactJsonFormatter(),
            "text" => new ConsoleLineFormatter(),
            _ => throw new InvalidOperationException($"{FormatKey} is '{format}': use 'text' or 'json'."),
        };
    }
}
