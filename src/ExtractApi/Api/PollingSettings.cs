using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Api;

/// <summary>The <c>Polling</c> section: the memory kept for answers to repeated job polls (<see cref="JobAnswerCache"/>).</summary>
public sealed class PollingSettings
{
    public const string Section = "Polling";

    /// <summary>Bytes of cached poll answers, at most.</summary>
    [Range(1, long.MaxValue)]
    public long CacheBytes { get; set; } = 256L * 1024 * 1024;
}
