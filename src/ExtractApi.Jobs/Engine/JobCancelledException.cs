namespace ExtractApi.Jobs.Engine;

/// <summary>Thrown at a checkpoint when the client asked to cancel the job.</summary>
public sealed class JobCancelledException() : OperationCanceledException("The job was cancelled.");
