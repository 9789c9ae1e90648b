namespace ExtractApi.Hosting;

/// <summary>The <c>Database</c> section (the connection itself is <c>ConnectionStrings:Jobs</c>).</summary>
public sealed class DatabaseSettings
{
    public const string Section = "Database";

    /// <summary>Apply committed EF Core migrations when the server starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
