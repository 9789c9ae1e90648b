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

    private readonly bool _ownGroup;

    private ServerProcess(Process process, bool ownGroup = false)
    {
        _process = process;
        _ownGroup = ownGroup;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

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

    public static ServerProcess Start(IDictionary<string, string?> environment, params string[] args) =>
        StartIn(Path.GetDirectoryName(ServerDll)!, environment, args);

    /// <summary>As <see cref="Start"/>, from another working directory (<c>dotnet path/to/ExtractApi.dll</c>).</summary>
    public static ServerProcess StartIn(string workingDirectory, IDictionary<string, string?> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.WorkingDirectory = workingDirectory;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return Capture(new ServerProcess(Process.Start(start)!));
    }

    /// <summary>
    /// A shell script run with bash as a person would type it, in its own process group (so Ctrl+C reaches
    /// <c>dotnet run</c> and the server it starts), with the environment given on top of this process's.
    /// </summary>
    public static ServerProcess StartShell(string script, string workingDirectory, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "bash", "-e", "-c", script }) start.ArgumentList.Add(arg);
        start.WorkingDirectory = workingDirectory;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return Capture(new ServerProcess(Process.Start(start)!, ownGroup: true));
    }

    private static ServerProcess Capture(ServerProcess server)
    {
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Everything written so far, once the process has exited (the last lines are read before this returns).</summary>
    public async Task<(int ExitCode, string Output)> WaitForOutputAsync(TimeSpan timeout)
    {
        var exitCode = await WaitForExitAsync(timeout);
        _process.WaitForExit(); // drains the redirected streams
        return (exitCode, Output);
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (SwaggerPattern().Match(line) is { Success: true } match)
        {
            _swaggerUrl.TrySetResult(match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value);
        }
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
        var target = (_ownGroup ? "-" : "") + _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using (var kill = Process.Start("kill", ["-INT", "--", target])) await kill.WaitForExitAsync();
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

    // The banner as a console line, or as a compact-JSON event (Production's default) with the URL in its Swagger property.
    [GeneratedRegex(@"Swagger UI: (http\S+?)\.? Get a bearer token|""Swagger"":""([^""]+)""")]
    private static partial Regex SwaggerPattern();
}
