namespace ExtractApi.Jobs.Engine;

/// <summary>How a handler's run ended.</summary>
public abstract record JobOutcome
{
    private JobOutcome() { }

    /// <summary>The result (jsonb) and, when the job lands a row in <c>extraction_results</c>, that row.</summary>
    public sealed record Succeeded(string ResultJson, ResultRow? Row) : JobOutcome;

    public sealed record Failed(string Error, bool Retryable) : JobOutcome;

    public static JobOutcome Success(string resultJson, ResultRow? row = null) => new Succeeded(resultJson, row);

    public static JobOutcome Failure(string error, bool retryable = true) => new Failed(error, retryable);
}
