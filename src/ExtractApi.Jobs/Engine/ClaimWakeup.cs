namespace ExtractApi.Jobs.Engine;

/// <summary>Wakes the worker's claim loop: jobs were inserted (LISTEN) or a slot freed up.</summary>
public sealed class ClaimWakeup : WakeSignal;
