namespace ExtractApi.Jobs.Engine;

/// <summary>Thrown at a checkpoint when this worker no longer holds the job's lease (it was rescued and maybe re-run).</summary>
public sealed class LeaseLostException() : OperationCanceledException("This worker's lease on the job was taken back.");
