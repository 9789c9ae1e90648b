namespace ExtractApi.Rendering;

/// <summary>A request of the page refused by the guard: what was asked, of which kind (document, script, xhr...), and why.</summary>
public sealed record BlockedRequest(string Url, string ResourceType, string Reason);
