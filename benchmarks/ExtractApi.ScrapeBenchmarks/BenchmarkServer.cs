using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using ExtractApi.Auth;
using Microsoft.IdentityModel.Tokens;

/// <summary>
/// The built server run as a child process (API + worker) for the end-to-end benchmarks, with rate limits off and the
/// benchmark's local site allowed; an authorised client for it; its peak memory (VmHWM). Shared by the scrape and
/// crawl benchmarks (linked into both projects).
/// </summary>
internal sealed class BenchmarkServer : IDisposable
{
    private const string SigningKey = "benchmark-signing-key-0123456789-0123456789-0123456789-0123";
    private readonly Process _process;

    private BenchmarkServer(Process process, HttpClient http)
    {
        _process = process;
        Http = http;
    }

    /// <summary>A client for the server, with a bearer token.</summary>
    public HttpClient Http { get; }

    public static async Task<BenchmarkServer> StartAsync(string connectionString, int sitePort, IDictionary<string, string> settings)
    {
        var serverPort = FreePort();
        var repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(repository, "src", "ExtractApi", "bin", configuration, "net10.0", "ExtractApi.dll"));
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Jobs"] = connectionString,
            ["Auth__SigningKey"] = SigningKey,
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{serverPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["RateLimiting__Enabled"] = "false",
            ["Serilog__MinimumLevel__Default"] = "Warning",
            ["Scraping__AllowedPrivateEndpoints__0"] = $"127.0.0.1:{sitePort}",
        };
        foreach (var (key, value) in settings) environment[key] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{serverPort}") };
        for (var i = 0; ; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) when (i < 600) { }
            await Task.Delay(100);
        }
        var token = new TokenIssuer(new AuthSettings(), new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey))).Issue("bench", "bench", TimeSpan.FromHours(1));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new BenchmarkServer(process, http);
    }

    /// <summary>The server's resident memory now, in MB.</summary>
    public double ResidentMegabytes() => StatusMegabytes("VmRSS:");

    /// <summary>The server's peak resident memory so far, in MB.</summary>
    public double PeakMegabytes() => StatusMegabytes("VmHWM:");

    private double StatusMegabytes(string field)
    {
        var kb = File.ReadAllLines($"/proc/{_process.Id}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _process.Kill(entireProcessTree: true);
        _process.Dispose();
        Http.Dispose();
    }

    private bool _disposed;
}
