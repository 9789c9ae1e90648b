using System.Collections.Concurrent;
using System.Diagnostics;
using ExtractApi.Jobs.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// Claims jobs while it has free slots (at most <see cref="EngineSettings.Concurrency"/> running), runs each through
/// its kind's handler, renews the leases of running jobs, and writes how each run ended with a fenced statement.
/// On shutdown it stops claiming, gives running jobs <see cref="EngineSettings.ShutdownGrace"/> to finish, then
/// releases the rest back to the queue.
/// </summary>
public sealed class JobWorker(
    JobQueue queue,
    JobHandlers handlers,
    ClaimWakeup claimWakeup,
    WriterWakeup writerWakeup,
    DatabaseAvailability availability,
    IOptions<EngineSettings> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, RunningJob> _running = new();
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Lock _slotsLock = new();
    private int _reservedSlots;
    private int _finishing; // jobs whose handler returned and whose result waits for its batch to commit (under _slotsLock)
    private BatchCompleter _completer = null!; // made when the worker starts (it needs the worker's hard stop)
    /// <summary>
    /// The lease-write gate: the heartbeat's renewal and the batch completer's statements each update many of this
    /// worker's jobs in no set order, so they take turns instead of risking a deadlock (see <see cref="JobQueue.RenewLeasesAsync"/>).
    /// </summary>
    private readonly SemaphoreSlim _leaseWrites = new(1, 1);

    public string Name { get; } = options.Value.WorkerName ?? $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private EngineSettings Settings => options.Value;

    /// <summary>Jobs running now (for tests and diagnostics).</summary>
    public int RunningCount => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Job worker {Worker} started: {Concurrency} slots, claims of up to {Batch}", Name, Settings.Concurrency, Settings.ClaimBatchSize);
        _completer = new BatchCompleter(queue, Settings.LeaseDuration, logger, availability, _leaseWrites, _hardStop.Token);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(heartbeatStop.Token);
        var completing = _completer.RunAsync();
        try
        {
            await ClaimLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await DrainAsync();
        _completer.Complete();
        await completing;
        await heartbeatStop.CancelAsync();
        await heartbeat;
        logger.LogInformation("Job worker {Worker} stopped", Name);
    }

    /// <summary>The claim loops (<see cref="EngineSettings.ClaimLoopCount"/>), sharing the slots.</summary>
    private Task ClaimLoopAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Settings.ClaimLoopCount).Select(_ => Task.Run(() => OneClaimLoopAsync(stoppingToken), CancellationToken.None)));

    /// <summary>
    /// Jobs that hold a slot: those whose handler runs, and those whose result waits for its batch to commit beyond
    /// <see cref="EngineSettings.Concurrency"/> of them. A job whose handler returned gives its slot to the next claim
    /// while its result is written, so claims overlap the completion's commit (WAL flush) instead of waiting for it;
    /// at most twice <see cref="EngineSettings.Concurrency"/> jobs are held at once. Called under <see cref="_slotsLock"/>.
    /// </summary>
    private int BusySlots => _running.Count - Math.Min(_finishing, Settings.Concurrency);

    /// <summary>
    /// Slots of claims in flight: a loop reserves the slots it claims for before its statement runs and gives back what
    /// the claim did not fill, so loops claiming at the same time never take more jobs than there are slots. None until
    /// enough are free for a claim to be worth it (<see cref="WorthClaiming"/>), read under the same lock.
    /// </summary>
    private int ReserveSlots()
    {
        lock (_slotsLock)
        {
            var busy = BusySlots;
            var wanted = Math.Min(Settings.Concurrency - busy - _reservedSlots, Settings.ClaimBatchSize);
            if (wanted < WorthClaiming(busy)) return 0;
            _reservedSlots += wanted;
            return wanted;
        }
    }

    /// <summary>
    /// Claim in batches: while jobs run, wait until half a batch of slots is free rather than claiming one by one.
    /// Called under <see cref="_slotsLock"/>.
    /// </summary>
    private int WorthClaiming(int busy) => busy == 0 ? 1 : Math.Max(1, Math.Min(Settings.ClaimBatchSize, Settings.Concurrency) / 2);

    /// <summary>
    /// Wakes a claim loop when the slots a job just gave back make a claim worth it: not once per job, which woke the
    /// loop only to find it should keep waiting. Called under <see cref="_slotsLock"/>.
    /// </summary>
    private void WakeClaimIfWorthIt()
    {
        var busy = BusySlots;
        if (Settings.Concurrency - busy - _reservedSlots >= WorthClaiming(busy)) claimWakeup.Set();
    }

    private void ReleaseSlots(int reserved)
    {
        lock (_slotsLock) _reservedSlots -= reserved;
    }

    private async Task OneClaimLoopAsync(CancellationToken stoppingToken)
    {
        await using var claimer = queue.CreateClaimer(Name);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wanted = ReserveSlots();
            if (wanted > 0)
            {
                IReadOnlyList<JobClaim> claims;
                try
                {
                    claims = await claimer.ClaimAsync(wanted, stoppingToken);
                    failures = 0;
                }
                catch (Exception e) when (IsTransient(e) && !stoppingToken.IsCancellationRequested)
                {
                    ReleaseSlots(wanted);
                    // The database went away: pause (claim nothing) until it answers again. Otherwise a passing failure.
                    if (await availability.WaitIfUnreachableAsync(e, stoppingToken)) continue;
                    failures++;
                    logger.LogWarning("Claiming jobs failed ({Error}); retrying", e.Message);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(100 * (1 << Math.Min(failures, 6)), 5000)), stoppingToken);
                    continue;
                }
                catch
                {
                    ReleaseSlots(wanted);
                    throw;
                }
                lock (_slotsLock)
                {
                    foreach (var claim in claims) Start(claim);
                    _reservedSlots -= wanted;
                }
                // A full claim suggests more jobs are waiting: claim again at once if slots remain.
                if (claims.Count == wanted) continue;
            }
            await claimWakeup.WaitAsync(Settings.PollInterval, stoppingToken);
        }
    }

    private void Start(JobClaim claim)
    {
        var running = new RunningJob(claim, CancellationTokenSource.CreateLinkedTokenSource(_hardStop.Token));
        _running[claim.JobId] = running;
        running.Task = Task.Run(() => RunAsync(running));
    }

    private async Task RunAsync(RunningJob running)
    {
        var claim = running.Claim;
        var job = claim.Job;
        using var activity = EngineTracing.StartJobRun(job);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id, ["JobKind"] = job.Kind.ToString(), ["Attempt"] = job.Attempts });
        var started = Stopwatch.GetTimestamp();
        string ending;
        try
        {
            ending = await RunHandlerAsync(running);
        }
        catch (Exception e)
        {
            // Only the fenced writes can get here (the database stayed away); the lease runs out and the rescuer takes over.
            ending = "unrecorded";
            logger.LogError(e, "Could not record how job {JobId} ended; its lease will expire and it will be rescued", job.Id);
        }
        finally
        {
            lock (_slotsLock)
            {
                _running.TryRemove(job.Id, out _);
                if (running.Finishing) _finishing--;
                WakeClaimIfWorthIt();
            }
            running.Cancellation.Dispose();
        }
        EngineMetrics.JobDuration.WithLabels(job.Kind.ToString(), ending).Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Runs the handler and records the ending; returns the ending's name for metrics.</summary>
    private async Task<string> RunHandlerAsync(RunningJob running)
    {
        var claim = running.Claim;
        var job = claim.Job;
        var handler = handlers.For(job.Kind);
        JobOutcome outcome;
        try
        {
            outcome = handler is null
                ? JobOutcome.Failure($"No handler is registered for jobs of kind {job.Kind}.", retryable: false)
                : await handler.RunAsync(new JobContext(claim, queue), running.Cancellation.Token);
        }
        catch (LeaseLostException)
        {
            return LeaseLost(job);
        }
        catch (JobCancelledException)
        {
            return await CancelledAsync(claim);
        }
        catch (OperationCanceledException) when (running.Cancellation.IsCancellationRequested)
        {
            if (running.LeaseLost) return LeaseLost(job);
            if (running.CancelRequested) return await CancelledAsync(claim);
            await WriteAsync(ct => queue.ReleaseAsync([claim], ct));
            logger.LogInformation("Job {JobId} released back to the queue: this worker is shutting down", job.Id);
            return "released";
        }
        catch (Exception e)
        {
            // The job's own statements failed because the database went away, not because of the job: once it is back,
            // the job goes back to the queue without spending an attempt (fenced: a no-op if it was rescued meanwhile).
            if (IsTransient(e) && await availability.WaitIfUnreachableAsync(e, _hardStop.Token))
            {
                await WriteAsync(ct => queue.ReleaseAsync([claim], ct));
                logger.LogInformation("Job {JobId} released back to the queue: the database went away while it ran", job.Id);
                return "released";
            }
            outcome = JobOutcome.Failure($"{e.GetType().Name}: {e.Message}");
            logger.LogWarning(e, "Job {JobId} handler threw", job.Id);
        }

        switch (outcome)
        {
            case JobOutcome.Succeeded succeeded:
            {
                JobStatus? status;
                lock (_slotsLock)
                {
                    running.Finishing = true;
                    _finishing++;
                    WakeClaimIfWorthIt();
                }
                try
                {
                    status = await _completer.SucceedAsync(claim, succeeded);
                }
                catch (Exception e) when (!IsTransient(e))
                {
                    // The result itself cannot be stored (a handler bug such as invalid JSON): running again will not help.
                    logger.LogError(e, "Job {JobId} returned a result that cannot be stored", job.Id);
                    status = await WriteAsync(ct => queue.FailAsync(claim, $"The job's result could not be stored: {e.Message}", retryable: false, ct));
                    if (status is null) return LeaseLost(job);
                    EngineMetrics.JobFailures.WithLabels(job.Kind.ToString(), "true").Inc();
                    return "failed";
                }
                if (status is null) return LeaseLost(job);
                if (status == JobStatus.ExtractionDone) writerWakeup.Set();
                logger.LogInformation("Job {JobId} finished its work: {Status}", job.Id, status.Value.ToName());
                return status.Value.ToName();
            }
            case JobOutcome.Failed failed:
            {
                var status = await WriteAsync(ct => queue.FailAsync(claim, failed.Error, failed.Retryable, ct));
                if (status is null) return LeaseLost(job);
                EngineMetrics.JobFailures.WithLabels(job.Kind.ToString(), status == JobStatus.Pending ? "false" : "true").Inc();
                logger.LogWarning("Job {JobId} attempt {Attempt} of {MaxAttempts} failed: {Error}; now {Status}",
                    job.Id, job.Attempts, job.MaxAttempts, failed.Error, status.Value.ToName());
                return "failed";
            }
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}.");
        }
    }

    private async Task<string> CancelledAsync(JobClaim claim)
    {
        var status = await WriteAsync(ct => queue.MarkCancelledAsync(claim, ct));
        if (status is null) return LeaseLost(claim.Job);
        logger.LogInformation("Job {JobId} stopped at a checkpoint: cancelled by the client", claim.JobId);
        return "cancelled";
    }

    private string LeaseLost(Job job)
    {
        logger.LogWarning("Job {JobId}: this worker's lease was taken back; its outcome is discarded", job.Id);
        return "lease_lost";
    }

    /// <summary>
    /// A fenced write, retried on passing failures for at most one lease, and while the database does not answer at
    /// all until it does (the worker is paused meanwhile): the fence makes a late write a no-op if the job was rescued.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write) =>
        DatabaseRetry.RunAsync(write, Settings.LeaseDuration, logger, availability, _hardStop.Token);

    private async Task HeartbeatAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Settings.HeartbeatInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var running = _running.Values.ToList();
            // While paused the database does not answer; the first beat after it is back renews what is still ours.
            if (running.Count == 0 || !availability.IsReachable) continue;
            try
            {
                IReadOnlyList<LeaseRenewal> renewals;
                await _leaseWrites.WaitAsync(stop);
                try
                {
                    renewals = await queue.RenewLeasesAsync(running.Select(r => r.Claim).ToList(), stop);
                }
                finally
                {
                    _leaseWrites.Release();
                }
                var renewed = renewals.ToDictionary(r => r.JobId);
                foreach (var job in running)
                {
                    if (!renewed.TryGetValue(job.Claim.JobId, out var renewal))
                    {
                        // Finished meanwhile, or taken back: either way, stop the handler if it still runs.
                        job.LeaseLost = true;
                        await CancelQuietlyAsync(job);
                    }
                    else if (renewal.CancelRequested)
                    {
                        job.CancelRequested = true;
                        await CancelQuietlyAsync(job);
                    }
                }
            }
            catch (Exception e) when (IsTransient(e) && !stop.IsCancellationRequested)
            {
                logger.LogWarning("Renewing the leases of {Count} running jobs failed: {Error}", running.Count, e.Message);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DrainAsync()
    {
        var running = _running.Values.Select(r => r.Task!).ToList();
        if (running.Count == 0) return;
        logger.LogInformation("Waiting up to {Grace} for {Count} running jobs to finish", Settings.ShutdownGrace, running.Count);
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(Settings.ShutdownGrace));
        await _hardStop.CancelAsync();
        await Task.WhenAll(_running.Values.Select(r => r.Task!).ToList());
    }

    private static async Task CancelQuietlyAsync(RunningJob job)
    {
        try
        {
            await job.Cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The job ended between the snapshot and now.
        }
    }

    internal static bool IsTransient(Exception e) => DatabaseRetry.IsTransient(e);

    public override void Dispose()
    {
        _hardStop.Dispose();
        _leaseWrites.Dispose();
        base.Dispose();
    }

    private sealed class RunningJob(JobClaim claim, CancellationTokenSource cancellation)
    {
        public JobClaim Claim { get; } = claim;
        public CancellationTokenSource Cancellation { get; } = cancellation;
        public Task? Task { get; set; }
        public volatile bool LeaseLost;
        /// <summary>The handler returned; its result waits for its batch (see <see cref="BusySlots"/>).</summary>
        public bool Finishing;
        public volatile bool CancelRequested;
    }
}
