using System.Diagnostics;
using System.Text;

namespace ExtractApi.Tests.Sdk;

/// <summary>Runs the scripts under <c>Sdk/node</c> (the vendors' JavaScript SDKs, pinned by package-lock.json) with Node.</summary>
public static class NodeSdk
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public static string Folder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "ExtractApi.Tests", "Sdk", "node");
                if (File.Exists(Path.Combine(candidate, "package-lock.json"))) return candidate;
            }
            throw new DirectoryNotFoundException("tests/ExtractApi.Tests/Sdk/node was not found above the test binaries.");
        }
    }

    /// <summary><c>npm ci</c> once per machine (node_modules is kept between runs).</summary>
    public static async Task EnsureInstalledAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            string[] packages = ["@mendable/firecrawl-js", "linkup-sdk", "playwright-core"];
            if (packages.All(p => Directory.Exists(Path.Combine(Folder, "node_modules", p)))) return;
            var (exit, output) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
            if (exit != 0) throw new InvalidOperationException($"npm ci failed ({exit}): {output}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    public static async Task<string> RunScriptAsync(string script, IDictionary<string, string> environment, TimeSpan timeout)
    {
        await EnsureInstalledAsync();
        var (exit, output) = await RunAsync("node", [script], environment, timeout);
        if (exit != 0) throw new InvalidOperationException($"node {script} exited {exit}: {output}");
        return output;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, string[] args, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeout}: {await stderr}");
        }
        var output = new StringBuilder(await stdout);
        var errors = await stderr;
        return (process.ExitCode, process.ExitCode == 0 ? output.ToString() : output.Append(errors).ToString());
    }
}
