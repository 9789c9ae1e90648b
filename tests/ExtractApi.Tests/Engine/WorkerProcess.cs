using System.Diagnostics;
using System.Text;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Engine;

/// <summary>The built server run as a real child process in the worker role, on 127.0.0.1 with a random port.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;

    private WorkerProcess(Process process, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static WorkerProcess Start(string connectionString, IDictionary<string, string> settings)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"extractapi-worker-{Guid.NewGuid():N}");
        var dll = ServerDll();
        var start = new ProcessStartInfo("dotnet", [dll, "--role", "worker", "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, // the content root: the server's own appsettings.json
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ConnectionStrings__Jobs"] = connectionString;
        start.Environment["Auth__SigningKey"] = ApiFactory.SigningKey;
        start.Environment["LocalData__Directory"] = dataDirectory;
        start.Environment["Engine__RunDigestJobs"] = "true";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the worker process.");
        var worker = new WorkerProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => worker.Append(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no shutdown code runs, leases are simply no longer renewed.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        try { Directory.Delete(_dataDirectory, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>The server the test project was built with: src/ExtractApi/bin/&lt;configuration&gt;/net10.0/ExtractApi.dll.</summary>
    private static string ServerDll()
    {
        var testBin = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testBin).Parent!.Name; // .../bin/<configuration>/net10.0/
        for (var dir = new DirectoryInfo(testBin); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ExtractApi.sln")))
            {
                var dll = Path.Combine(dir.FullName, "src", "ExtractApi", "bin", configuration, "net10.0", "ExtractApi.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the server first.", dll);
            }
        }
        throw new DirectoryNotFoundException("The repository root (ExtractApi.sln) is not above the test binaries.");
    }
}
