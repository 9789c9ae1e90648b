namespace ExtractApi.Rendering;

/// <summary>An <c>executeJavascript</c> action's result: the JavaScript type of the value and the value as JSON.</summary>
public sealed record JavascriptReturn(string Type, string? ValueJson);
