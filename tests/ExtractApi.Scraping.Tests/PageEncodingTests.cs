using System.Text;
using ExtractApi.Scraping.Fetching;

namespace ExtractApi.Scraping.Tests;

public class PageEncodingTests
{
    // "“Café” – €5" in windows-1252: curly quotes 0x93/0x94, é 0xE9, en dash 0x96, euro 0x80.
    private static readonly byte[] CafeWindows1252 = [0x93, 0x43, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x80, 0x35];

    // "日本語のページ" in Shift_JIS.
    private static readonly byte[] JapaneseShiftJis = [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x82, 0xCC, 0x83, 0x79, 0x81, 0x5B, 0x83, 0x57];

    private static byte[] Page(string before, byte[] text, string after = "</p></body></html>") =>
        [.. Encoding.ASCII.GetBytes(before), .. text, .. Encoding.ASCII.GetBytes(after)];

    [Fact]
    public void A_windows_1252_page_declared_by_meta_charset_is_read_as_windows_1252()
    {
        var page = Page("<!doctype html><html><head><meta charset=\"windows-1252\"><title>t</title></head><body><p>", CafeWindows1252);

        var text = PageEncoding.Decode(page, "text/html");

        Assert.Contains("<p>“Café” – €5</p>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shift_jis_page_declared_by_http_equiv_is_read_as_shift_jis()
    {
        var page = Page("<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Shift_JIS\"></head><body><p>", JapaneseShiftJis);

        var text = PageEncoding.Decode(page, "text/html");

        Assert.Contains("<p>日本語のページ</p>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Iso_8859_1_is_read_as_windows_1252_as_browsers_do()
    {
        var page = Page("<html><head><meta http-equiv=content-type content='text/html;charset=ISO-8859-1'></head><body><p>", CafeWindows1252);

        // Latin-1 proper would turn 0x80 and 0x93 into C1 control characters.
        Assert.Contains("“Café” – €5", PageEncoding.Decode(page, "text/html"), StringComparison.Ordinal);
        Assert.Contains("“Café” – €5", PageEncoding.Decode(CafeWindows1252, "text/plain; charset=iso-8859-1", html: false), StringComparison.Ordinal);
    }

    [Fact]
    public void The_http_charset_wins_over_the_meta_tag()
    {
        var page = Page("<html><head><meta charset=\"utf-8\"></head><body><p>", CafeWindows1252);

        var text = PageEncoding.Decode(page, "text/html; charset=\"windows-1252\"");

        Assert.Contains("“Café” – €5", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_wins_over_everything_and_is_not_part_of_the_text()
    {
        byte[] page = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("<meta charset=\"shift_jis\"><p>Café</p>")];

        var text = PageEncoding.Decode(page, "text/html; charset=windows-1252");

        Assert.Equal("<meta charset=\"shift_jis\"><p>Café</p>", text);
    }

    [Fact]
    public void Without_any_declaration_the_page_is_utf8()
    {
        var text = PageEncoding.Decode(Encoding.UTF8.GetBytes("<html><body><p>日本語 Café</p></body></html>"), null);

        Assert.Equal("<html><body><p>日本語 Café</p></body></html>", text);
    }

    [Theory]
    [InlineData("<!-- <meta charset=\"shift_jis\"> --><meta charset=\"windows-1252\">", "windows-1252")]
    [InlineData("<div title='<meta charset=shift_jis>'></div><meta charset=windows-1252>", "windows-1252")]
    [InlineData("<script>var s = \"x\";</script><meta name=\"viewport\" content=\"width=device-width\"><meta charset='Shift_JIS'>", "Shift_JIS")]
    [InlineData("<meta http-equiv=\"refresh\" content=\"5; charset=shift_jis\"><meta charset=\"utf-8\">", "utf-8")]
    [InlineData("<meta content=\"text/html; charset=koi8-r\" http-equiv=\"Content-Type\">", "koi8-r")]
    [InlineData("<meta charset=\"no-such-encoding\"><meta charset=\"windows-1251\">", "windows-1251")]
    [InlineData("<metadata charset=\"shift_jis\">", null)]
    public void The_prescan_reads_tags_as_a_browser_does(string head, string? expected)
    {
        Assert.Equal(expected, PageEncoding.Prescan(Encoding.ASCII.GetBytes(head)));
    }

    [Fact]
    public void A_declaration_after_the_first_1024_bytes_is_not_seen()
    {
        var page = Page("<html><head><!--" + new string('x', 1024) + "--><meta charset=\"windows-1252\"></head><body><p>", CafeWindows1252);

        var (encoding, _) = PageEncoding.Detect(page, "text/html");

        Assert.Equal(Encoding.UTF8.WebName, encoding.WebName);
    }

    [Fact]
    public void A_meta_tag_claiming_utf16_is_read_as_utf8()
    {
        var page = Encoding.UTF8.GetBytes("<meta charset=\"utf-16\"><p>Café</p>");

        Assert.Equal("<meta charset=\"utf-16\"><p>Café</p>", PageEncoding.Decode(page, "text/html"));
    }

    [Fact]
    public void Text_that_is_not_html_ignores_meta_lookalikes()
    {
        var body = Page("{\"html\": \"<meta charset=windows-1252>\", \"text\": \"", Encoding.UTF8.GetBytes("Café"), "\"}");

        Assert.Contains("Café", PageEncoding.Decode(body, "application/json", html: false), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/html; charset=UTF-8", "UTF-8")]
    [InlineData("text/html;charset=\"Shift_JIS\"", "Shift_JIS")]
    [InlineData("text/html; Charset = windows-1252", "windows-1252")]
    [InlineData("text/html", null)]
    [InlineData(null, null)]
    public void The_charset_parameter_is_read_from_the_content_type(string? contentType, string? expected)
    {
        Assert.Equal(expected, PageEncoding.CharsetParameter(contentType));
    }
}
