using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace ExtractApi.Hosting;

/// <summary>
/// The server's console sink. An event is formatted where it is logged, into a buffer shared by all threads, and the
/// buffer goes to standard output in one write every <see cref="FlushInterval"/> (sooner when it holds
/// <see cref="FlushBytes"/>, at once for errors, and when the logger is disposed). A line per request costs a format
/// and an append: no write to the console per event, and no thread woken per event, which is what the asynchronous
/// console sink cost a poll (a hand-off to its worker thread and a write for every request line).
/// Whole lines are written, in the order they were logged, through <see cref="Console.Out"/> (so a redirected
/// console still sees them).
/// </summary>
public sealed class BufferedConsoleSink : ILogEventSink, IDisposable
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    public const int FlushBytes = 64 * 1024;

    private readonly ITextFormatter _formatter;
    private readonly TextWriter _output;
    private readonly Lock _gate = new();
    private readonly StringWriter _buffer = new(new StringBuilder(FlushBytes), System.Globalization.CultureInfo.InvariantCulture);
    private readonly Timer _timer;
    private bool _disposed;

    public BufferedConsoleSink(ITextFormatter formatter, TextWriter? output = null, TimeSpan? flushInterval = null)
    {
        _formatter = formatter;
        _output = output ?? Console.Out;
        _timer = new Timer(_ => Flush(), null, flushInterval ?? FlushInterval, flushInterval ?? FlushInterval);
    }

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            if (_disposed) return;
            _formatter.Format(logEvent, _buffer);
            if (logEvent.Level >= LogEventLevel.Error || _buffer.GetStringBuilder().Length >= FlushBytes) WriteLocked();
        }
    }

    /// <summary>Writes what is buffered (the timer calls this).</summary>
    public void Flush()
    {
        lock (_gate) WriteLocked();
    }

    private void WriteLocked()
    {
        var pending = _buffer.GetStringBuilder();
        if (pending.Length == 0) return;
        try
        {
            // Chunk by chunk: a string of the whole buffer (up to 128 KB) would be allocated on the large object heap
            // several times a second under load, and large-object allocations bring on full collections.
            foreach (var chunk in pending.GetChunks()) _output.Write(chunk.Span);
            _output.Flush();
        }
        catch (IOException)
        {
            // The console went away (a closed pipe): the lines are dropped, as the console sink would drop them.
        }
        catch (ObjectDisposedException)
        {
        }
        pending.Clear();
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            WriteLocked();
            _disposed = true;
        }
        _buffer.Dispose();
    }
}
