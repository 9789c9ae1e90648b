using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

/// <summary>Values as real pages show them: visible text only, titles without the site, whole labels, values of the field's shape, structured data at the right depth, long text from the main content.</summary>
public class RealPageValueTests
{
    private static JsonObject Extract(string html, string properties, string url = "https://site.example/page") =>
        SchemaExtractor.Extract(ExtractionInput.FromHtml(html, url), JsonNode.Parse("""{"type":"object","properties":""" + properties + "}")!).Data;

    [Fact]
    public void Hidden_text_never_becomes_part_of_a_value()
    {
        var html = """
            <html><body><table>
              <tr><th>Price</th><td><span style="position:absolute; left:-10000px">Was $99.00</span>$59.00</td></tr>
              <tr><th>Brand</th><td><span aria-hidden="true">★</span>Northwind<span class="visually-hidden"> (opens in a new tab)</span></td></tr>
              <tr><th>Color</th><td>Slate<span hidden> Blue</span><span style="display: none">Red</span></td></tr>
            </table><p class="sku"><span class="sr-only">Item number:</span> NW-2231</p></body></html>
            """;

        var data = Extract(html, """{"price":{"type":"number"},"brand":{"type":"string"},"color":{"type":"string"},"sku":{"type":"string"}}""");

        Assert.Equal(59.0, data["price"]!.GetValue<double>());
        Assert.Equal("Northwind", data["brand"]!.GetValue<string>());
        Assert.Equal("Slate", data["color"]!.GetValue<string>());
        Assert.Equal("NW-2231", data["sku"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("<title>Fantasy in Death by J. D. Robb (Hardcover): books.example</title>", "<h2>Fantasy in Death<span> (Hardcover)</span></h2>", "Fantasy in Death")]
    [InlineData("<title>How tides work | The Ocean Desk</title><meta property=\"og:site_name\" content=\"The Ocean Desk\">", "<p>No heading here</p>", "How tides work")]
    [InlineData("<title>Ten ways to fold a map - Cartography.example</title>", "<p>No heading</p>", "Ten ways to fold a map")]
    [InlineData("<title>news.example: Storm closes the harbour</title>", "<header><h1>news.example</h1></header>", "Storm closes the harbour")]
    public void Titles_come_without_the_sites_name(string head, string body, string expected)
    {
        var data = Extract($"<html><head>{head}</head><body>{body}</body></html>", """{"title":{"type":"string"}}""");

        Assert.Equal(expected, data["title"]!.GetValue<string>());
    }

    [Fact]
    public void The_most_specific_whole_label_wins_and_values_fit_the_fields_shape()
    {
        var html = """
            <html><body><ul>
              <li>ISBN: 0316125581</li>
              <li>ISBN-10: 0-316-12558-X</li>
              <li>ISBN-13: 978-0-316-12558-1</li>
              <li>Publisher: Little, Brown Books</li>
              <li>Publication Date: June 2010</li>
              <li>Date: 2024-01-05</li>
            </ul></body></html>
            """;

        var data = Extract(html, """{"isbn_13":{"type":"string"},"isbn_10":{"type":"string"},"publisher":{"type":"string"},"publication_date":{"type":"string"}}""");

        Assert.Equal("978-0-316-12558-1", data["isbn_13"]!.GetValue<string>());
        Assert.Equal("0-316-12558-X", data["isbn_10"]!.GetValue<string>());
        Assert.Equal("Little, Brown Books", data["publisher"]!.GetValue<string>());
        Assert.Equal("June 2010", data["publication_date"]!.GetValue<string>());
    }

    [Fact]
    public void An_isbn_13_field_takes_no_isbn_10()
    {
        var data = Extract("<html><body><p>ISBN: 0316125581</p></body></html>", """{"isbn_13":{"type":"string","description":"The 13-digit ISBN"}}""");

        Assert.Null(data["isbn_13"]);
    }

    [Theory]
    [InlineData("By Jane Okafor", "Jane Okafor")]
    [InlineData("Jane Okafor @janeokafor", "Jane Okafor")]
    [InlineData("by Jane Okafor 2 hours ago", "Jane Okafor")]
    [InlineData("Jane Okafor, Senior Science Editor", "Jane Okafor")]
    [InlineData("Written by Jane Okafor | Reuters", "Jane Okafor")]
    [InlineData("Jane Okafor and Tom Reyes", "Jane Okafor and Tom Reyes")]
    public void An_author_is_a_persons_name(string byline, string expected)
    {
        var data = Extract($"<html><body><article><h1>Tides</h1><p class=\"author\">{byline}</p><p>Text.</p></article></body></html>", """{"author":{"type":"string"}}""");

        Assert.Equal(expected, data["author"]!.GetValue<string>());
    }

    [Fact]
    public void Structured_data_is_read_at_the_right_depth_and_the_canonical_link_wins_for_the_url()
    {
        var html = """
            <html><head><link rel="canonical" href="https://news.example/2024/05/tides-explained">
            <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
              "headline":"Tides, explained",
              "image":{"@type":"ImageObject","url":"https://cdn.news.example/tides.jpg","name":"A harbour at low tide"},
              "publisher":{"@type":"Organization","name":"News Example","logo":{"@type":"ImageObject","url":"https://cdn.news.example/logo.png"}},
              "author":{"@type":"Person","name":"Jane Okafor","image":{"@type":"ImageObject","url":"https://cdn.news.example/jane.jpg"}},
              "description":"<p>Why the sea <b>rises</b> and falls &amp; what the moon has to do with it.</p>"}</script>
            </head><body><h1>Tides, explained</h1></body></html>
            """;

        var data = Extract(html, """{"url":{"type":"string","format":"uri"},"name":{"type":"string"},"author":{"type":"string"},"description":{"type":"string"},"image":{"type":"string","format":"uri"}}""");

        Assert.Equal("https://news.example/2024/05/tides-explained", data["url"]!.GetValue<string>());
        Assert.Equal("Tides, explained", data["name"]!.GetValue<string>());
        Assert.Equal("Jane Okafor", data["author"]!.GetValue<string>());
        Assert.Equal("Why the sea rises and falls & what the moon has to do with it.", data["description"]!.GetValue<string>());
        Assert.Equal("https://cdn.news.example/tides.jpg", data["image"]!.GetValue<string>());
    }

    [Fact]
    public void A_url_is_never_taken_from_inside_an_image()
    {
        var html = """
            <html><head><script type="application/ld+json">{"@type":"BlogPosting","headline":"Spring planting",
              "image":{"@type":"ImageObject","url":"https://img.blog.example/seedlings.jpg"}}</script></head><body><h1>Spring planting</h1></body></html>
            """;

        var data = Extract(html, """{"url":{"type":"string","format":"uri"},"headline":{"type":"string"}}""");

        Assert.Equal("Spring planting", data["headline"]!.GetValue<string>());
        Assert.NotEqual("https://img.blog.example/seedlings.jpg", data["url"]?.GetValue<string>());
    }

    [Fact]
    public void A_long_text_field_comes_from_the_main_content_whole()
    {
        var paragraphs = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<p>Paragraph {i} of the report says the harbour wall held through the night, and crews began clearing the road at dawn.</p>"));
        var html = $"""
            <html><body>
            <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
            <div class="sidebar content"><h3>Most read</h3><ul><li><a href="/a">Ten ferries cancelled</a></li><li><a href="/b">Rain until Friday</a></li></ul></div>
            <main><article><h1>Storm closes the harbour</h1><p class="byline">By Jane Okafor</p>{paragraphs}</article></main>
            <footer><p>© News Example. All rights reserved. Contact us at desk@news.example for corrections and tips today.</p></footer>
            </body></html>
            """;

        var body = Extract(html, """{"body":{"type":"string","description":"Full text of the article"}}""")["body"]!.GetValue<string>();

        Assert.StartsWith("Paragraph 1 of the report", body, StringComparison.Ordinal);
        Assert.Contains("Paragraph 12 of the report", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Most read", body, StringComparison.Ordinal);
        Assert.DoesNotContain("All rights reserved", body, StringComparison.Ordinal);
        Assert.True(body.Length > 1000, "the whole text, not cut at a length limit for short fields");
    }
}
