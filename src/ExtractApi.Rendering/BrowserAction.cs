namespace ExtractApi.Rendering;

/// <summary>
/// One step of Firecrawl's <c>actions</c>: <c>wait</c> (<see cref="Milliseconds"/> or a <see cref="Selector"/>),
/// <c>click</c> (<see cref="All"/> clicks every match), <c>write</c> (<see cref="Text"/> into the focused element),
/// <c>press</c> (<see cref="Key"/>), <c>scroll</c> (<see cref="Direction"/> up|down, the page or a selector),
/// <c>screenshot</c> (<see cref="FullPage"/>, <see cref="Quality"/>), <c>scrape</c> (the page's HTML now) and
/// <c>executeJavascript</c> (<see cref="Script"/>, its value kept).
/// </summary>
public sealed record BrowserAction(string Type)
{
    public int? Milliseconds { get; init; }
    public string? Selector { get; init; }
    public bool All { get; init; }
    public string? Text { get; init; }
    public string? Key { get; init; }
    public string? Direction { get; init; }
    public bool FullPage { get; init; }
    public int? Quality { get; init; }
    public string? Script { get; init; }

    public static readonly IReadOnlyList<string> Types = ["wait", "click", "write", "press", "scroll", "screenshot", "scrape", "executeJavascript"];
}
