using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

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

/// <summary>
/// <c>14:03:07.412 INF Job 3f2… finished its work: completed</c>: time, level, message, and the job id when the
/// event carries one its message does not already show. No source context or property dump.
/// </summary>
public sealed class ConsoleLineFormatter : ITextFormatter
{
    private readonly MessageTemplateTextFormatter _line = new("{Timestamp:HH:mm:ss.fff} {Level:u3} {Message:l}", System.Globalization.CultureInfo.InvariantCulture);

    public void Format(LogEvent logEvent, TextWriter output)
    {
        _line.Format(logEvent, output);
        if (logEvent.Properties.TryGetValue("JobId", out var jobId) && !logEvent.MessageTemplate.Text.Contains("{JobId}", StringComparison.Ordinal))
        {
            output.Write(" (job ");
            output.Write(jobId is ScalarValue { Value: var value } ? value : jobId);
            output.Write(')');
        }
        output.WriteLine();
        if (logEvent.Exception is not null) output.WriteLine(logEvent.Exception);
    }
}
