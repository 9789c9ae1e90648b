using System.IO.Compression;
using System.Text;
using ExtractApi.Scraping.Crawling;

namespace ExtractApi.Scraping.Tests.Crawling;

public class SitemapTests
{
    [Fact]
    public void A_urlset_gives_its_pages()
    {
        var sitemap = Sitemap.Parse(Encoding.UTF8.GetBytes("""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc> https://e.com/a </loc><lastmod>2024-01-01</lastmod></url>
              <url><loc>https://e.com/b?x=1&amp;y=2</loc></url>
              <url><loc>javascript:alert(1)</loc></url>
            </urlset>
            """));
        Assert.Equal(["https://e.com/a", "https://e.com/b?x=1&y=2"], sitemap.Pages);
        Assert.Empty(sitemap.Sitemaps);
    }

    [Fact]
    public void An_index_gives_its_sitemaps_even_gzipped_and_without_a_namespace()
    {
        var xml = "<sitemapindex><sitemap><loc>https://e.com/s1.xml</loc></sitemap><sitemap><loc>https://e.com/s2.xml.gz</loc></sitemap></sitemapindex>";
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(xml));
        var sitemap = Sitemap.Parse(buffer.ToArray());
        Assert.Equal(["https://e.com/s1.xml", "https://e.com/s2.xml.gz"], sitemap.Sitemaps);
        Assert.Empty(sitemap.Pages);
    }

    [Fact]
    public void Text_sitemaps_truncated_xml_and_dtds_are_handled()
    {
        Assert.Equal(["https://e.com/1", "https://e.com/2"], Sitemap.Parse(Encoding.UTF8.GetBytes("https://e.com/1\r\nnot a url\nhttps://e.com/2\n")).Pages);
        Assert.Equal(["https://e.com/1"], Sitemap.Parse(Encoding.UTF8.GetBytes("<urlset><url><loc>https://e.com/1</loc></url><url><loc>https://e")).Pages);
        var entity = "<?xml version=\"1.0\"?><!DOCTYPE u [<!ENTITY x \"https://evil\">]><urlset><url><loc>&x;</loc></url></urlset>";
        Assert.Empty(Sitemap.Parse(Encoding.UTF8.GetBytes(entity)).Pages);
    }
}
