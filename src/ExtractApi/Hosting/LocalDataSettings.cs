namespace ExtractApi.Hosting;

/// <summary>The <c>LocalData</c> section: the folder for local state (the embedded PostgreSQL cluster and the generated signing key).</summary>
public sealed class LocalDataSettings
{
    public const string Section = "LocalData";

    public string Directory { get; set; } = ".extractapi";

    public string FullPath => Path.GetFullPath(Directory);
}
