using System.Diagnostics;

namespace ExtractApi.Work;

/// <summary>The worker's own spans inside a job run: page fetches and extractions.</summary>
public static class WorkTracing
{
    public const string SourceName = "ExtractApi.Work";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>One page: fetch (with its redirects and retries) and conversion. Null when no tracer listens.</summary>
    public static Activity? StartFetch(Guid jobId, Uri url)
    {
        var activity = Source.StartActivity("fetch page", ActivityKind.Internal);
        activity?.SetTag("job.id", jobId);
        activity?.SetTag("url.full", url.GetLeftPart(UriPartial.Path));
        return activity;
    }

    /// <summary>One extraction from fetched pages or a document. Null when no tracer listens.</summary>
    public static Activity? StartExtraction(Guid jobId, string what)
    {
        var activity = Source.StartActivity("extract", ActivityKind.Internal);
        activity?.SetTag("job.id", jobId);
        activity?.SetTag("extraction.input", what);
        return activity;
    }
}
