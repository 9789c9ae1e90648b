using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// The work of one <see cref="JobKind"/>. The worker calls it once per claim; a handler may run again for the same
/// job (after a crash or a retry), so its side effects go through <see cref="JobContext"/> or are idempotent.
/// Throwing is a retryable failure; <see cref="JobOutcome.Failure"/> says whether to retry.
/// </summary>
public interface IJobHandler
{
    JobKind Kind { get; }

    Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken);
}
