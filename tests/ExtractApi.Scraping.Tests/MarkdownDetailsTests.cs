namespace ExtractApi.Scraping.Tests;

/// <summary>Markdown details that real news pages got wrong, rebuilt from hand-written markup.</summary>
public class MarkdownDetailsTests
{
    private static readonly Uri PageUrl = new("https://example.com/docs/page.html");

    private static string Md(string body) => MarkdownConverter.Convert($"<!doctype html><html><head></head><body>{body}</body></html>", PageUrl);

    [Fact]
    public void A_non_breaking_space_just_inside_strong_moves_out_of_the_delimiters() =>
        Assert.Equal("**See it now:**\u00A0Offer ends soon", Md("<p><strong>See it now:&nbsp;</strong>Offer ends soon</p>"));

    [Theory]
    [InlineData("<img src=\"data:image/gif;base64,R0lGOD\" data-src=\"/photos/quay.jpg\" alt=\"Quay\">", "![Quay](https://example.com/photos/quay.jpg)")]
    [InlineData("<img src=\"/img/loading.gif\" data-src=\"/photos/quay.jpg\" alt=\"Quay\">", "![Quay](https://example.com/photos/quay.jpg)")]
    [InlineData("<img srcset=\"/photos/quay-480.jpg 480w, /photos/quay-960.jpg 960w\" alt=\"Quay\">", "![Quay](https://example.com/photos/quay-480.jpg)")]
    [InlineData("<img src=\"data:image/gif;base64,R0lGOD\" data-srcset=\"/photos/quay-480.jpg 480w, /photos/quay-960.jpg 960w\" alt=\"Quay\">", "![Quay](https://example.com/photos/quay-480.jpg)")]
    [InlineData("<img src=\"/photos/quay.jpg\" alt=\"Quay\">", "![Quay](https://example.com/photos/quay.jpg)")]
    public void Lazy_loaded_images_use_their_real_address(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void A_footer_written_before_the_body_comes_after_it() =>
        Assert.Equal("| Item | Qty |\n| --- | --- |\n| Apples | 3 |\n| Total | 3 |",
            Md("<table><thead><tr><th>Item</th><th>Qty</th></tr></thead><tfoot><tr><td>Total</td><td>3</td></tr></tfoot><tbody><tr><td>Apples</td><td>3</td></tr></tbody></table>"));

    [Fact]
    public void A_footer_repeating_the_header_is_not_written_twice() =>
        Assert.Equal("| Item | Qty |\n| --- | --- |\n| Apples | 3 |",
            Md("<table><thead><tr><th>Item</th><th>Qty</th></tr></thead><tbody><tr><td>Apples</td><td>3</td></tr></tbody><tfoot><tr><th>Item</th><th>Qty</th></tr></tfoot></table>"));

    [Fact]
    public void Layout_tables_nested_deep_keep_their_blocks_and_the_innermost_data_table_stays_a_table()
    {
        // An old-style page: the layout is two-column tables inside two-column tables, a price list at the bottom.
        var html = "<table><tr><td>Price list</td><td><table><tr><th>Item</th><th>Price</th></tr><tr><td>Apples</td><td>3</td></tr></table></td></tr></table>";
        for (var level = 1; level <= 40; level++)
        {
            html = $"<table><tr><td>Menu {level}</td><td>{html}</td></tr></table>";
        }

        var markdown = Md(html);

        Assert.Contains("Menu 40", markdown, StringComparison.Ordinal);
        Assert.Contains("| Item | Price |\n| --- | --- |\n| Apples | 3 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("| Menu", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_layout_tables_are_not_written() =>
        Assert.Equal("before\n\nafter", Md("<p>before</p><table><tr><td>&nbsp;</td><td> </td></tr><tr><td></td><td>&nbsp;</td></tr></table><p>after</p>"));
}
