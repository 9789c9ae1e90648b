using System.Net;
using System.Security.Cryptography;
using ExtractApi.Jobs.Engine;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Work;
using ExtractApi.Jobs.Pages;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ExtractApi.Hosting;

public static class WorkSetup
{
    /// <summary>
    /// What the worker does: the scraper and the webhook sender (HttpClients from IHttpClientFactory whose connections
    /// pass the SSRF guard), the page store, and the handlers for batch scrapes, web extractions and documents.
    /// </summary>
    public static WebApplicationBuilder AddWork(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<ScrapingSettings>>().Value;
            return new SsrfGuard(settings.AllowPrivateAddresses, settings.AllowedPrivateEndpoints.Select(IPEndPoint.Parse).ToList());
        });
        foreach (var name in new[] { "scraper", "webhooks" })
        {
            services.AddHttpClient(name)
                .ConfigurePrimaryHttpMessageHandler(sp => PageFetcher.CreateHandler(sp.GetRequiredService<SsrfGuard>(),
                    sp.GetRequiredService<IOptions<ScrapingSettings>>().Value.ProxyAddress()))
                .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan); // each call sets its own limit
        }
        services.AddTransient(sp => new PageFetcher(sp.GetRequiredService<IHttpClientFactory>().CreateClient("scraper")));
        services.AddSingleton(sp => new WebhookSender(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("webhooks"),
            WebhookSecret(sp.GetRequiredService<IOptions<WebhookSettings>>().Value, sp.GetRequiredService<SymmetricSecurityKey>()),
            sp.GetRequiredService<ILogger<WebhookSender>>()));
        // One browser pool per process, launched on first use and closed when the host stops (the container disposes it).
        // Rendered pages go through the same forward proxy as plain fetches (Scraping:Proxy), when one is set.
        services.AddSingleton(sp => new Rendering.BrowserPool(sp.GetRequiredService<IOptions<RenderingSettings>>().Value.ToOptions() with
            {
                Proxy = sp.GetRequiredService<IOptions<ScrapingSettings>>().Value.ProxyAddress(),
            },
            sp.GetRequiredService<SsrfGuard>(), sp.GetRequiredService<ILogger<Rendering.BrowserPool>>()));
        services.AddTransient<PageSource>();
        services.AddSingleton<ScrapePageStore>();
        services.AddSingleton<PageCache>();
        services.AddSingleton<PageSnapshots>();
        services.AddSingleton<PageFormats>();
        services.AddSingleton(sp => new LargePageGate(sp.GetRequiredService<IOptions<ScrapingSettings>>().Value.ConversionMemoryBudgetBytes,
            Environment.ProcessorCount));
        services.AddSingleton<Jobs.Trace.JobSteps>();
        services.AddJobHandler<BatchScrapeHandler>();
        services.AddJobHandler<CrawlHandler>();
        services.AddSingleton<BatchScrapeHandler>();
        services.AddJobHandler<ScrapeHandler>();
        services.AddTransient<SiteMapper>();
        services.AddJobHandler<ExtractHandler>();
        services.AddJobHandler<DocumentExtractHandler>();
        return builder;
    }

    /// <summary><c>Webhooks:SigningSecret</c>, or one derived from the server's signing key.</summary>
    public static byte[] WebhookSecret(WebhookSettings settings, SymmetricSecurityKey key) =>
        settings.SigningSecret is { Length: > 0 } secret
            ? System.Text.Encoding.UTF8.GetBytes(secret)
            : HMACSHA256.HashData(key.Key, "webhook-signing"u8);
}
