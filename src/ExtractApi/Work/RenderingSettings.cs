using System.ComponentModel.DataAnnotations;
using ExtractApi.Rendering;

namespace ExtractApi.Work;

/// <summary>When pages are rendered in headless Chromium and how the browser pool runs, bound from the <c>Rendering</c> section.</summary>
public sealed class RenderingSettings
{
    public const string Section = "Rendering";

    /// <summary>
    /// <c>auto</c>: fetch over HTTP and render only script shells (and pages whose request needs a browser);
    /// <c>always</c>: render every HTML page; <c>never</c>: no browser (requests that need one fail saying so).
    /// </summary>
    [RegularExpression("^(auto|always|never)$", ErrorMessage = "Rendering:Mode must be auto, always or never.")]
    public string Mode { get; set; } = "auto";

    /// <summary>The installed Chromium; nothing is downloaded.</summary>
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>Pages rendered at once, each in a fresh incognito context.</summary>
    [Range(1, 64)]
    public int Contexts { get; set; } = 2;

    /// <summary>Upper bound on one page's rendering time, whatever the request's timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>V8 heap limit of a page, in megabytes.</summary>
    [Range(16, 8192)]
    public int MaxPageMemoryMegabytes { get; set; } = 512;

    public RendererOptions ToOptions() => new()
    {
        ExecutablePath = ExecutablePath,
        Contexts = Contexts,
        PageTimeout = PageTimeout,
        MaxPageMemoryMegabytes = MaxPageMemoryMegabytes,
    };
}
