namespace ExtractApi.Scraping;

/// <summary>An image a page shows: its absolute URL and its alternative text ("" when it has none).</summary>
public sealed record PageImage(string Alt, string Url);
