using System.Net;
using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Tests.Scraping;

/// <summary>Hostile targets, all refused by default: the fetch never connects.</summary>
public sealed class SsrfTableTests
{
    public static TheoryData<string> HostileUrls() =>
    [
        "http://127.0.0.1/", "http://127.1/", "http://127.0.0.1:22/", "http://2130706433/", "http://0x7f000001/",
        "http://0x7f.0.0.1/", "http://017700000001/", "http://0177.0.0.1/", "http://localhost/", "http://LOCALHOST./",
        "http://0.0.0.0/", "http://0/", "http://10.0.0.1/", "http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.1/",
        "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/", "http://100.127.255.254/",
        "http://224.0.0.1/", "http://239.255.255.250/", "http://255.255.255.255/", "http://240.0.0.1/", "http://198.18.0.1/",
        "http://192.0.2.1/", "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
        "http://[::ffff:10.0.0.1]/", "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[ff02::1]/",
        "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://[::127.0.0.1]/",
        "http://[64:ff9b:1::7f00:1]/", "http://[64:ff9b:1:7f00:1::]/", "http://[2001::7f00:1]/", "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
        "http://0.0.0.0:80/", "http://[0:0:0:0:0:0:0:0]/",
        "file:///etc/passwd", "ftp://example.com/file", "gopher://127.0.0.1:6379/_INFO", "dict://127.0.0.1:11211/", "ldap://127.0.0.1/",
        "javascript:alert(1)", "data:text/html,<h1>x</h1>",
    ];

    [Theory]
    [MemberData(nameof(HostileUrls))]
    public async Task Refused_by_default(string url)
    {
        var fetcher = new PageFetcher(new HttpClient(PageFetcher.CreateHandler(new SsrfGuard(false))));
        var result = await fetcher.FetchAsync(new Uri(url), new FetchOptions { MaxRetries = 0, Timeout = TimeSpan.FromSeconds(5) }, default);
        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Matches("^(Refused to connect|Unsupported URL)", result.Error);
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    public void Public_addresses_pass(string address) => Assert.Null(AddressPolicy.RefusalReason(IPAddress.Parse(address)));
}
