namespace ExtractApi.Work;

/// <summary>A URL of the site, with the title and description of its page when the mapper fetched it.</summary>
public sealed record MappedLink(string Url, string? Title, string? Description);
