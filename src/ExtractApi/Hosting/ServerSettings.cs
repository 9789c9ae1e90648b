using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Hosting;

/// <summary>The <c>Server</c> section: what this process runs.</summary>
public sealed class ServerSettings : IValidatableObject
{
    public const string Section = "Server";

    /// <summary><c>--role</c> on the command line is short for <c>--Server:Role</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommandLineSwitches = new Dictionary<string, string> { ["--role"] = "Server:Role" };

    /// <summary><c>api</c> serves requests only; <c>worker</c> and <c>all</c> also run the job worker and its maintenance services.</summary>
    [EnumDataType(typeof(ServerRole))]
    public ServerRole Role { get; set; } = ServerRole.All;

    /// <summary>
    /// The absolute URL clients reach this server at (<c>https://api.example.com</c>), used for every link an answer
    /// carries; empty takes the request's own host, which a client can forge, so set it behind a proxy or in production.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PublicBaseUrl.Length > 0 && !(Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url)
            && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0))
        {
            yield return new ValidationResult($"'{PublicBaseUrl}' is not an absolute http(s) URL without query or fragment.", [nameof(PublicBaseUrl)]);
        }
    }
}
