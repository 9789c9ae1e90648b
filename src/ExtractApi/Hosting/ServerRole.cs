namespace ExtractApi.Hosting;

/// <summary>What a process runs: the HTTP API, the job worker (with its maintenance services), or both.</summary>
public enum ServerRole
{
    All,
    Api,
    Worker,
}
