namespace ExtractApi.Dialects.Firecrawl;

/// <summary>Which Firecrawl API a request came through: the route's version decides the wire shapes.</summary>
public enum FirecrawlVersion
{
    V1,
    V2,
}
