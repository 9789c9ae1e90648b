namespace ExtractApi.Rendering;

/// <summary>The browser (or the page's renderer process) died while a page was rendering.</summary>
public sealed class BrowserCrashedException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>Only the page's own renderer died; the browser is still connected.</summary>
    public bool TabOnly { get; init; }
}
