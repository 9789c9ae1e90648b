namespace ExtractApi.Hosting;

/// <summary>The folder for local state: the embedded PostgreSQL cluster and the generated signing key.</summary>
public sealed class LocalDataSettings
{
    public string Directory { get; set; } = ".extractapi";

    public string FullPath => Path.GetFullPath(Directory);

    public static LocalDataSettings From(IConfiguration configuration) =>
        configuration.GetSection("LocalData").Get<LocalDataSettings>() ?? new LocalDataSettings();
}
