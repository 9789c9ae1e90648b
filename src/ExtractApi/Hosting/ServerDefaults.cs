namespace ExtractApi.Hosting;

/// <summary>Where the server finds its files and listens when nothing says otherwise.</summary>
public static class ServerDefaults
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// The web application builder, with the content root in the app's own folder when the server is started as
    /// <c>dotnet path/to/ExtractApi.dll</c> from another folder (the working directory would miss appsettings.json),
    /// and listening on <see cref="DefaultUrl"/> unless URLs, ports or Kestrel endpoints are configured.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) &&
            string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        return builder;
    }

    /// <summary>
    /// Null (the host's default: the working directory, or what <c>--contentRoot</c>/<c>ASPNETCORE_CONTENTROOT</c>
    /// says) unless this is the server's own process and the working directory has no appsettings.json while the
    /// app's folder does. Under a test host the entry assembly is the test runner's, and the test decides.
    /// </summary>
    private static string? ContentRoot(string[] args)
    {
        if (System.Reflection.Assembly.GetEntryAssembly() != typeof(ServerDefaults).Assembly) return null;
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase)) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT")) ||
            !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")))
        {
            return null;
        }
        const string settings = "appsettings.json";
        return !File.Exists(Path.Combine(Environment.CurrentDirectory, settings)) && File.Exists(Path.Combine(AppContext.BaseDirectory, settings))
            ? AppContext.BaseDirectory
            : null;
    }
}
