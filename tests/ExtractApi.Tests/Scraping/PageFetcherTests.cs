using System.Net;
using System.Text;
using ExtractApi.Scraping.Fetching;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Scraping;

public sealed class PageFetcherTests : IAsyncLifetime
{
    private TestSite _site = null!;
    private TestSite _forbidden = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _forbidden = await TestSite.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _forbidden.DisposeAsync();
    }

    /// <summary>Private addresses refused, except the test site itself (as a public site would be).</summary>
    private PageFetcher GuardedFetcher() =>
        new(new HttpClient(PageFetcher.CreateHandler(new SsrfGuard(false, [new IPEndPoint(IPAddress.Loopback, _site.Port)]))));

    private static PageFetcher OpenFetcher() => new(new HttpClient(PageFetcher.CreateHandler(new SsrfGuard(true))));

    [Fact]
    public async Task Fetches_a_page_with_its_status_and_content_type()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/pages/1"), new FetchOptions(), default);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(200, result.StatusCode);
        Assert.StartsWith("text/html", result.ContentType);
        Assert.Contains("<title>Page 1</title>", Encoding.UTF8.GetString(result.Body));
        Assert.False(result.Truncated);
        Assert.Equal(_site.Url("/pages/1"), result.FinalUrl);
    }

    [Fact]
    public async Task A_404_is_an_answer_not_an_error()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/missing"), new FetchOptions(), default);
        Assert.True(result.Succeeded);
        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public async Task Follows_a_redirect_chain_and_knows_the_final_url()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/redirect/3"), new FetchOptions(), default);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(_site.Url("/redirect/3"), result.RequestedUrl);
        Assert.Equal(_site.Url("/pages/1"), result.FinalUrl);
    }

    [Fact]
    public async Task Stops_after_the_redirect_limit()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/redirect/5"), new FetchOptions { MaxRedirects = 3 }, default);
        Assert.False(result.Succeeded);
        Assert.Contains("Too many redirects", result.Error);
    }

    [Fact]
    public async Task A_redirect_into_a_private_address_is_refused_at_connect_time()
    {
        _site.RedirectTarget = _forbidden.Url("/pages/1");
        var result = await GuardedFetcher().FetchAsync(_site.Url("/to-elsewhere"), new FetchOptions(), default);
        Assert.False(result.Succeeded);
        Assert.StartsWith("Refused to connect to 127.0.0.1", result.Error);
        Assert.Contains("loopback", result.Error);
        Assert.Equal(0, _forbidden.Hits("/pages/1"));

        var allowed = await OpenFetcher().FetchAsync(_site.Url("/to-elsewhere"), new FetchOptions(), default);
        Assert.True(allowed.Succeeded, allowed.Error);
        Assert.Equal(1, _forbidden.Hits("/pages/1"));
    }

    [Fact]
    public async Task Times_out_a_slow_page()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/slow?ms=5000"), new FetchOptions { Timeout = TimeSpan.FromMilliseconds(300) }, default);
        Assert.False(result.Succeeded);
        Assert.StartsWith("Timed out", result.Error);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Cuts_a_huge_page_at_the_size_limit()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/huge"), new FetchOptions { MaxBodyBytes = 1_000_000 }, default);
        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.Truncated);
        Assert.Equal(1_000_000, result.Body.Length);
    }

    [Fact]
    public async Task Decompresses_gzip()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/gzip"), new FetchOptions(), default);
        Assert.Contains("<title>Page 7</title>", Encoding.UTF8.GetString(result.Body));
    }

    [Fact]
    public async Task Retries_transient_failures()
    {
        var result = await GuardedFetcher().FetchAsync(_site.Url("/flaky/a"), new FetchOptions { MaxRetries = 3 }, default);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(3, _site.Hits("/flaky/a"));

        var givesUp = await GuardedFetcher().FetchAsync(_site.Url("/flaky/b"), new FetchOptions { MaxRetries = 1 }, default);
        Assert.Equal(503, givesUp.StatusCode);
        Assert.Equal(2, _site.Hits("/flaky/b"));
    }

    [Fact]
    public async Task Sends_the_requested_headers_and_a_real_user_agent()
    {
        var echo = await GuardedFetcher().FetchAsync(_site.Url("/pages/2"), new FetchOptions { Headers = new Dictionary<string, string> { ["X-Test"] = "1" } }, default);
        Assert.True(echo.Succeeded);
        Assert.StartsWith("Mozilla/5.0", PageFetcher.UserAgent);
    }
}
