namespace ExtractApi.Jobs.Model;

/// <summary>
/// A URL an organisation extracts from (JustCrawl's URL item): one row per organisation and URL, made by the first job
/// for it; its id (<c>urlItemId</c>) names the URL's extraction history.
/// </summary>
public sealed class UrlItem
{
    public Guid Id { get; set; }
    public required string OrgId { get; set; }
    public required string Url { get; set; }
    public required string Domain { get; set; }
    public DateTime CreatedAt { get; set; }
}
