using System.IO.Compression;
using System.Xml;

namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// One sitemap file (sitemaps.org): a <c>urlset</c> of page URLs or a <c>sitemapindex</c> of further sitemaps, as XML,
/// gzipped XML, or plain text with one URL per line. Namespaces are not required (many sites omit or misspell them);
/// DTDs are refused; only absolute http(s) URLs are kept.
/// </summary>
public sealed record Sitemap(IReadOnlyList<string> Pages, IReadOnlyList<string> Sitemaps)
{
    /// <summary>The sitemaps.org limit for one file, uncompressed.</summary>
    public const long MaxUncompressedBytes = 50L * 1024 * 1024;

    public static Sitemap Parse(byte[] body)
    {
        if (body.Length >= 2 && body[0] == 0x1f && body[1] == 0x8b) body = Gunzip(body);
        var start = 0;
        while (start < body.Length && (char.IsWhiteSpace((char)body[start]) || body[start] is 0xEF or 0xBB or 0xBF)) start++;
        if (start < body.Length && body[start] == '<') return ParseXml(body);
        return ParseText(System.Text.Encoding.UTF8.GetString(body));
    }

    private static Sitemap ParseXml(byte[] body)
    {
        var pages = new List<string>();
        var sitemaps = new List<string>();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new MemoryStream(body), settings);
        string? parent = null;
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "url" or "sitemap":
                        parent = reader.LocalName;
                        break;
                    case "loc" when parent is not null:
                        var location = reader.ReadElementContentAsString().Trim();
                        if (IsHttpUrl(location)) (parent == "url" ? pages : sitemaps).Add(location);
                        break;
                }
            }
        }
        catch (XmlException)
        {
            // A broken file gives what was read before the break (sites do serve truncated sitemaps).
        }
        return new Sitemap(pages, sitemaps);
    }

    private static Sitemap ParseText(string text) =>
        new(text.Split('\n').Select(line => line.Trim()).Where(IsHttpUrl).ToList(), []);

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && PageUrls.IsHttp(url);

    private static byte[] Gunzip(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                var room = MaxUncompressedBytes - output.Length;
                output.Write(buffer, 0, (int)Math.Min(read, room));
                if (read >= room) break; // a gzip bomb stops at the sitemap size limit
            }
        }
        catch (InvalidDataException)
        {
            // Truncated gzip: keep what decompressed.
        }
        return output.ToArray();
    }
}
