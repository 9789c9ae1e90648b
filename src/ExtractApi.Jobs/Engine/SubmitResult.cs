namespace ExtractApi.Jobs.Engine;

public sealed record SubmitResult(SubmitStatus Status, Guid JobId);
