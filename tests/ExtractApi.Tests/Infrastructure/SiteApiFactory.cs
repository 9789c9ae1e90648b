using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Infrastructure;

/// <summary>
/// The server with its worker running, beside a local <see cref="TestSite"/> that stands for the public web: that
/// site's endpoint is allowed, every other private address stays refused.
/// </summary>
public class SiteApiFactory : ApiFactory
{
    public TestSite Site { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Site = await TestSite.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Server:Role", "all");
        builder.UseSetting("Scraping:AllowedPrivateEndpoints:0", $"127.0.0.1:{Site.Port}");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Site.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
