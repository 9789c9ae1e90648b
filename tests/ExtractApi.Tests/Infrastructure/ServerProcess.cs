using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ExtractApi.Tests.Infrastructure;

/// <summary>The built server run as a real child process, as a person would run it.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _swaggerUrl = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public string Output { get { lock (_output) return _output.ToString(); } }
    public int Pid => _process.Id;

    public static string ServerDll
    {
        get
        {
            // tests/ExtractApi.Tests/bin/<Configuration>/net10.0 -> src/ExtractApi/bin/<Configuration>/net10.0
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var root = testBin.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            return Path.Combine(root, "src", "ExtractApi", "bin", configuration, "net10.0", "ExtractApi.dll");
        }
    }

    public static ServerProcess Start(IDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.WorkingDirectory = Path.GetDirectoryName(ServerDll)!;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var server = new ServerProcess(Process.Start(start)!);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (SwaggerPattern().Match(line) is { Success: true } match) _swaggerUrl.TrySetResult(match.Groups[1].Value);
    }

    /// <summary>Waits for the start-up banner and returns the Swagger UI URL it printed.</summary>
    public async Task<string> WaitForSwaggerUrlAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_swaggerUrl.Task, exited, Task.Delay(timeout));
        if (first != _swaggerUrl.Task) throw new TimeoutException($"The server did not print its banner. Output:\n{Output}");
        return await _swaggerUrl.Task;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Ctrl+C: a graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { await StopAsync(); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Swagger UI: (\S+?)\.? Get a bearer token")]
    private static partial Regex SwaggerPattern();
}
