using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Hosting;

/// <summary>The <c>Server</c> section: what this process runs.</summary>
public sealed class ServerSettings
{
    public const string Section = "Server";

    /// <summary><c>--role</c> on the command line is short for <c>--Server:Role</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommandLineSwitches = new Dictionary<string, string> { ["--role"] = "Server:Role" };

    /// <summary><c>api</c> serves requests only; <c>worker</c> and <c>all</c> also run the job worker and its maintenance services.</summary>
    [EnumDataType(typeof(ServerRole))]
    public ServerRole Role { get; set; } = ServerRole.All;
}
