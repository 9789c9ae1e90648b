using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ExtractApi.Work;

/// <summary>Scraping limits, bound from the <c>Scraping</c> section.</summary>
public sealed class ScrapingSettings : IValidatableObject
{
    public const string Section = "Scraping";

    /// <summary>Allow loopback, private and link-local targets (tests and local use only).</summary>
    public bool AllowPrivateAddresses { get; set; }
    /// <summary>Private host:port pairs allowed anyway, e.g. an intranet docs server.</summary>
    public string[] AllowedPrivateEndpoints { get; set; } = [];
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 10L * 1024 * 1024;
    [Range(0, 100)]
    public int MaxRedirects { get; set; } = 10;
    /// <summary>Pages of one batch fetched at once.</summary>
    [Range(1, int.MaxValue)]
    public int PagesInParallel { get; set; } = 8;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedPrivateEndpoints.Where(e => !IPEndPoint.TryParse(e, out _))
            .Select(e => new ValidationResult($"'{e}' is not an address:port pair.", [nameof(AllowedPrivateEndpoints)]));
}
