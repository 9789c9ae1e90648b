using System.Diagnostics;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>The engine's activities: one per job run, so every log line about the run carries its trace id.</summary>
public static class EngineTracing
{
    public const string SourceName = "ExtractApi.Jobs";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the activity of one run of a job: from the source when a tracer listens (exported, with the job's tags),
    /// otherwise a plain activity that only gives the run's log lines a trace id and span id.
    /// </summary>
    public static Activity StartJobRun(Job job)
    {
        // A run is a trace of its own (it may start long after the request, and run again), linked to the request.
        ActivityLink[]? links = ActivityContext.TryParse(job.TraceParent, null, out var request) ? [new ActivityLink(request)] : null;
        var activity = Source.StartActivity(ActivityKind.Consumer, parentContext: default, links: links, name: "job run");
        // Not traced: the plain activity's tags would be read by no one, so the run pays only for its ids.
        if (activity is null) return new Activity("job run").Start();
        activity.SetTag("job.id", job.Id);
        activity.SetTag("job.kind", job.Kind.ToString());
        activity.SetTag("job.dialect", job.Dialect.ToString());
        activity.SetTag("job.attempt", job.Attempts);
        return activity;
    }
}
