namespace ExtractApi.Jobs.Model;

/// <summary>The vendor API a job was created through; it is always rendered in that shape.</summary>
public enum Dialect
{
    Firecrawl,
    Linkup,
    Docmap,
    JustCrawl,
}
