using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Dialects;
using ExtractApi.Dialects.Docmap;
using ExtractApi.Dialects.JustCrawl;
using ExtractApi.Extraction;
using ExtractApi.Jobs.Settings;
using ExtractApi.Work;

namespace ExtractApi.Hosting;

public static class SettingsSetup
{
    /// <summary>
    /// Every section the server reads, each bound to its class and checked when the host starts (a misspelled key or
    /// an invalid value stops it with a message naming the key; see <see cref="SectionValidator{TSettings}"/>).
    /// <c>Engine</c> is registered by the engine itself (<c>AddJobEngine</c>); <c>ConnectionStrings</c> and <c>Serilog</c>
    /// belong to their libraries. Handlers take these as <c>IOptions&lt;T&gt;</c>.
    /// </summary>
    public static IServiceCollection AddServerSettings(this IServiceCollection services)
    {
        services.AddSettings<ServerSettings>(ServerSettings.Section);
        services.AddSettings<LocalDataSettings>(LocalDataSettings.Section);
        services.AddSettings<DatabaseSettings>(DatabaseSettings.Section);
        services.AddSettings<AuthSettings>(AuthSettings.Section);
        services.AddSettings<RateLimitSettings>(RateLimitSettings.Section);
        services.AddSettings<PollingSettings>(PollingSettings.Section);
        services.AddSettings<ScrapingSettings>(ScrapingSettings.Section);
        services.AddSettings<RenderingSettings>(RenderingSettings.Section);
        services.AddSettings<PromptExtractorSettings>(PromptExtractorSettings.SectionName);
        services.AddSettings<WebhookSettings>(WebhookSettings.Section);
        services.AddSettings<DocmapSettings>(DocmapSettings.Section);
        services.AddSettings<JustCrawlSettings>(JustCrawlSettings.Section);
        return services;
    }
}
