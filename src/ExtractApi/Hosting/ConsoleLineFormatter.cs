using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace ExtractApi.Hosting;

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
