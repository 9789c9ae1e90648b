using Prometheus;

namespace ExtractApi.Rendering;

/// <summary>The browser pool's Prometheus metrics (served at <c>/metrics</c> beside the engine's).</summary>
public static class RenderingMetrics
{
    public static readonly Counter PagesRendered = Metrics.CreateCounter("extractapi_pages_rendered_total",
        "Pages rendered in the headless browser, by outcome (succeeded, failed, timed_out).", "outcome");

    public static readonly Histogram RenderDuration = Metrics.CreateHistogram("extractapi_render_duration_seconds",
        "Time to render one page (context, navigation, waits, actions, screenshot), from its slot in the pool.",
        new HistogramConfiguration { Buckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120] });

    public static readonly Gauge ContextsInUse = Metrics.CreateGauge("extractapi_browser_contexts_in_use",
        "Browser contexts rendering a page now (at most Rendering:Contexts).");

    public static readonly Counter BrowserRestarts = Metrics.CreateCounter("extractapi_browser_restarts_total",
        "Browsers replaced after they crashed, hung or disconnected.");

    public static readonly Counter RequestsBlocked = Metrics.CreateCounter("extractapi_render_requests_blocked_total",
        "Requests of rendered pages refused (SSRF guard, scheme, ad hosts).");
}
