using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ExtractApi.Api;

public static class JobAnswerCacheSetup
{
    /// <summary>The poll answer cache, in a memory cache bounded by <see cref="PollingSettings.CacheBytes"/>.</summary>
    public static IServiceCollection AddJobAnswerCache(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<MemoryCacheOptions>().Configure<IOptions<PollingSettings>>((options, polling) => options.SizeLimit = polling.Value.CacheBytes);
        services.AddSingleton<JobAnswerCache>();
        return services;
    }
}
