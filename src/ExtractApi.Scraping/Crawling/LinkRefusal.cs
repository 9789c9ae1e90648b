namespace ExtractApi.Scraping.Crawling;

/// <summary>Why a link is not followed.</summary>
public enum LinkRefusal
{
    None,
    External,
    Subdomain,
    OutsideStartPath,
    NotIncluded,
    Excluded,
    TooDeep,
}
