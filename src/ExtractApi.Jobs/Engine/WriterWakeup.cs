namespace ExtractApi.Jobs.Engine;

/// <summary>Wakes the result writer: a job of this process reached extraction_done.</summary>
public sealed class WriterWakeup : WakeSignal;
