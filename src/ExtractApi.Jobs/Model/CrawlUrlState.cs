namespace ExtractApi.Jobs.Model;

public enum CrawlUrlState
{
    Queued,
    Done,
    Blocked,
}
