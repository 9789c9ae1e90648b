using Prometheus;

namespace ExtractApi.Jobs.Engine;

/// <summary>The engine's Prometheus metrics (served at <c>/metrics</c> by the web host).</summary>
public static class EngineMetrics
{
    private static readonly double[] LatencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    public static readonly Gauge QueueDepth = Metrics.CreateGauge("extractapi_jobs", "Jobs in the database by status.", "status");

    public static readonly Histogram ClaimLatency = Metrics.CreateHistogram("extractapi_job_claim_latency_seconds",
        "Time from a job becoming claimable (inserted, or its retry backoff over) to its claim.",
        new HistogramConfiguration { LabelNames = ["kind"], Buckets = LatencyBuckets });

    public static readonly Histogram JobDuration = Metrics.CreateHistogram("extractapi_job_duration_seconds",
        "Time a handler ran, by kind and how the run ended.",
        new HistogramConfiguration { LabelNames = ["kind", "outcome"], Buckets = LatencyBuckets });

    public static readonly Counter JobFailures = Metrics.CreateCounter("extractapi_job_failures_total",
        "Failed attempts, by kind and whether the job will be retried.", "kind", "final");

    public static readonly Counter JobsSubmitted = Metrics.CreateCounter("extractapi_jobs_submitted_total", "Jobs created.", "kind");

    public static readonly Counter JobsRescued = Metrics.CreateCounter("extractapi_jobs_rescued_total",
        "Jobs taken back from a worker whose lease expired.", "to");

    public static readonly Counter ResultsLanded = Metrics.CreateCounter("extractapi_results_landed_total",
        "Jobs completed by the bulk result writer.");

    public static readonly Counter JobsSwept = Metrics.CreateCounter("extractapi_jobs_swept_total", "Expired jobs deleted with their data.");
}
