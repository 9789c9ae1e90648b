using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Dialects.JustCrawl;

/// <summary>The <c>JustCrawl</c> section.</summary>
public sealed class JustCrawlSettings
{
    public const string Section = "JustCrawl";

    /// <summary>The <c>Retry-After</c> (and <c>retryAfterSeconds</c>) of a result that has not landed yet.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; set; } = 2;
}
