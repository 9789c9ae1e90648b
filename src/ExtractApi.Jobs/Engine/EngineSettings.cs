using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Jobs.Engine;

/// <summary>The <c>Engine</c> configuration section. Defaults suit one box; every interval is configurable for tests.</summary>
public sealed class EngineSettings : IValidatableObject
{
    public const string Section = "Engine";

    /// <summary>Jobs one process runs at once.</summary>
    [Range(1, int.MaxValue)]
    public int Concurrency { get; set; } = 16;
    /// <summary>Jobs claimed per claim statement (at most the free slots).</summary>
    [Range(1, int.MaxValue)]
    public int ClaimBatchSize { get; set; } = 16;
    /// <summary>
    /// Claim loops of one worker, each with its own connection, claiming at the same time (slots shared); 0: as many
    /// as fill the free slots in one round, <c>Concurrency / ClaimBatchSize</c> rounded up, at most 8. One loop claiming
    /// one job at a time waits a round trip per job; several overlap their round trips as the peers' workers do.
    /// </summary>
    [Range(0, 64)]
    public int ClaimLoops { get; set; }

    /// <summary>The claim loops to run (<see cref="ClaimLoops"/>, or its automatic number).</summary>
    public int ClaimLoopCount => ClaimLoops > 0 ? ClaimLoops : Math.Clamp((Concurrency + ClaimBatchSize - 1) / ClaimBatchSize, 1, 8);

    /// <summary>How long a claim holds a job without a heartbeat; after that the rescuer may take it back.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How often leases of running jobs are renewed (well under <see cref="LeaseDuration"/>).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>Fallback poll when no notification arrives (LISTEN lost, or a retry's backoff ran out).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RescueInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>Attempts of a job created without its own bound.</summary>
    [Range(1, int.MaxValue)]
    public int MaxAttempts { get; set; } = 3;
    /// <summary>Retry n waits about <c>RetryBaseDelay * 2^(n-1)</c>, half of it random, at most <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>How long a finished job (and its data) is kept.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Result rows landed per writer statement.</summary>
    [Range(1, int.MaxValue)]
    public int WriterBatchSize { get; set; } = 1000;
    /// <summary>Fallback poll of the writer for jobs finished by other processes.</summary>
    public TimeSpan WriterInterval { get; set; } = TimeSpan.FromMilliseconds(500);
    /// <summary>How long an <c>Idempotency-Key</c> keeps returning its job.</summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);
    /// <summary>On shutdown, running jobs get this long to finish before they are released back to the queue.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan QueueDepthInterval { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Names this process in <c>lease_owner</c>; by default machine, process id and a random suffix.</summary>
    public string? WorkerName { get; set; }
    /// <summary>
    /// Handle <see cref="Model.JobKind.Digest"/> jobs (<see cref="DigestHandler"/>), the engine's own test workload: for
    /// worker processes run by the engine tests and the fault run. Off in production; in-process hosts add the handler themselves.
    /// </summary>
    public bool RunDigestJobs { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Loops wait these between rounds: zero or less would spin.
        (string Name, TimeSpan Value)[] intervals =
        [
            (nameof(LeaseDuration), LeaseDuration), (nameof(HeartbeatInterval), HeartbeatInterval), (nameof(PollInterval), PollInterval),
            (nameof(RescueInterval), RescueInterval), (nameof(SweepInterval), SweepInterval), (nameof(WriterInterval), WriterInterval),
            (nameof(QueueDepthInterval), QueueDepthInterval),
        ];
        foreach (var (name, value) in intervals.Where(i => i.Value <= TimeSpan.Zero))
        {
            yield return new ValidationResult($"must be longer than zero, not {value}.", [name]);
        }
        if (HeartbeatInterval >= LeaseDuration)
        {
            yield return new ValidationResult($"must be shorter than LeaseDuration ({LeaseDuration}), or leases lapse between heartbeats.", [nameof(HeartbeatInterval)]);
        }
    }
}
