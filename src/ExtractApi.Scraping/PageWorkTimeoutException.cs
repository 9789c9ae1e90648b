namespace ExtractApi.Scraping;

/// <summary>A page's conversion or extraction ran past its time bound (<see cref="PageWork.Run"/>).</summary>
public sealed class PageWorkTimeoutException(TimeSpan limit)
    : TimeoutException($"Processing the page took longer than its limit of {limit.TotalSeconds:0.###} s (Scraping:PageProcessingTimeout); the page is too large or too complex.")
{
    public TimeSpan Limit { get; } = limit;
}
