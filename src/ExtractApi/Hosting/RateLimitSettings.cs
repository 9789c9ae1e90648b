using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Hosting;

/// <summary>Per-caller request limits, bound from the <c>RateLimiting</c> section.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;
    /// <summary>Sustained requests per second for one token (or one client address without a token).</summary>
    [Range(1, int.MaxValue)]
    public int PermitsPerSecond { get; set; } = 200;
    /// <summary>Requests a caller may make at once above the sustained rate.</summary>
    [Range(1, int.MaxValue)]
    public int Burst { get; set; } = 400;
}
