namespace ExtractApi.Jobs.Engine;

public enum SubmitStatus
{
    Created,
    /// <summary>The same key and the same request were submitted before: the earlier job is the answer.</summary>
    Existing,
    /// <summary>The key was used for a different request (the API answers 422).</summary>
    IdempotencyConflict,
}
