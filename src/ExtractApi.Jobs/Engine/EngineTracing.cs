using System.Diagnostics;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>The engine's activities: one per job run, so every log line about the run carries its trace id.</summary>
public static class EngineTracing
{
    public const string SourceName = "ExtractApi.Jobs";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the activity of one run of a job: from the source when a tracer listens (exported), otherwise a plain
    /// activity that only gives the run's log lines a trace id and span id.
    /// </summary>
    public static Activity StartJobRun(Job job)
    {
        var activity = Source.StartActivity("job run", ActivityKind.Consumer) ?? new Activity("job run").Start();
        activity.SetTag("job.id", job.Id);
        activity.SetTag("job.kind", job.Kind.ToString());
        activity.SetTag("job.dialect", job.Dialect.ToString());
        activity.SetTag("job.attempt", job.Attempts);
        return activity;
    }
}
