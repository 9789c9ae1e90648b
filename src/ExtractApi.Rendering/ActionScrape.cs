namespace ExtractApi.Rendering;

/// <summary>A <c>scrape</c> action's result: the page's URL and HTML at that moment.</summary>
public sealed record ActionScrape(string Url, string Html);
