using ExtractApi.Scraping.Crawling;

namespace ExtractApi.Scraping.Tests.Crawling;

public class RobotsTxtTests
{
    private static bool Allowed(string robots, string path) => RobotsTxt.Parse(robots).IsAllowed(new Uri("https://example.com" + path));

    [Fact]
    public void The_group_naming_our_token_wins_over_the_star_group_and_same_agent_groups_merge()
    {
        const string robots = """
            User-agent: *
            Disallow: /

            User-agent: OtherBot
            Allow: /

            user-agent: extractapi/2.0
            Disallow: /private

            User-Agent: ExtractApi
            Disallow: /secret
            """;
        Assert.True(Allowed(robots, "/public"));
        Assert.False(Allowed(robots, "/private/x"));
        Assert.False(Allowed(robots, "/secret"));
        Assert.False(Allowed("User-agent: *\nDisallow: /\n", "/public"));
    }

    [Fact]
    public void Consecutive_user_agent_lines_share_one_group()
    {
        const string robots = "User-agent: a\nUser-agent: ExtractApi\nDisallow: /shared\n\nUser-agent: *\nDisallow: /\n";
        Assert.False(Allowed(robots, "/shared/page"));
        Assert.True(Allowed(robots, "/other"));
    }

    [Fact]
    public void Longest_match_wins_and_allow_wins_a_tie()
    {
        const string robots = "User-agent: *\nDisallow: /docs/\nAllow: /docs/public/\nDisallow: /docs/public/secret\nAllow: /tie\nDisallow: /tie\n";
        Assert.False(Allowed(robots, "/docs/x"));
        Assert.True(Allowed(robots, "/docs/public/page"));
        Assert.False(Allowed(robots, "/docs/public/secret-plan"));
        Assert.True(Allowed(robots, "/tie"));
    }

    [Fact]
    public void Wildcards_and_end_anchors_match_as_the_rfc_says()
    {
        const string robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?session=\nDisallow: /a*b*c\n";
        Assert.False(Allowed(robots, "/files/report.pdf"));
        Assert.True(Allowed(robots, "/files/report.pdf.html"));
        Assert.False(Allowed(robots, "/shop?session=42"));
        Assert.True(Allowed(robots, "/shop?page=2"));
        Assert.False(Allowed(robots, "/a-long-b-path-c"));
        Assert.True(Allowed(robots, "/a-long-b-path"));
        // Many stars against a long path stay fast (no exponential backtracking).
        Assert.True(Allowed("User-agent: *\nDisallow: /" + string.Concat(Enumerable.Repeat("*a", 30)) + "$\n", "/" + new string('a', 29) + new string('b', 3000)));
    }

    [Fact]
    public void Empty_disallow_comments_and_percent_encoding_are_handled()
    {
        Assert.True(Allowed("User-agent: *\nDisallow:\n", "/anything"));
        Assert.False(Allowed("User-agent: * # every bot\nDisallow: /x # no x\n", "/x/y"));
        Assert.False(Allowed("User-agent: *\nDisallow: /caf%c3%a9\n", "/café"));
        Assert.False(Allowed("User-agent: *\nDisallow: /%7Euser\n", "/~user/page"));
        Assert.True(Allowed("User-agent: *\nDisallow: /x\n", "/robots.txt") && Allowed("User-agent: *\nDisallow: /\n", "/robots.txt"));
    }

    [Fact]
    public void Sitemaps_are_collected_from_anywhere_and_crawl_delay_from_our_group()
    {
        var robots = RobotsTxt.Parse("Sitemap: https://e.com/a.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow: /x\nSitemap: https://e.com/b.xml.gz\n");
        Assert.Equal(["https://e.com/a.xml", "https://e.com/b.xml.gz"], robots.Sitemaps);
        Assert.Equal(TimeSpan.FromSeconds(2.5), robots.CrawlDelay);
        Assert.False(RobotsTxt.DisallowAll.IsAllowed(new Uri("https://e.com/")));
        Assert.True(RobotsTxt.AllowAll.IsAllowed(new Uri("https://e.com/")));
    }
}
