using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

/// <summary>Listings read by structure: records whatever their classes are called, fields by role and shape.</summary>
public class RepeatedRecordTests
{
    private static JsonArray Items(string html, string itemProperties, string url = "https://search.example/q?x=1")
    {
        var outcome = SchemaExtractor.Extract(ExtractionInput.FromHtml(html, url),
            JsonNode.Parse("""{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":""" + itemProperties + "}}}}")!);
        return outcome.Data["items"] as JsonArray ?? [];
    }

    // Search results with meaningless class names, a navigation menu above them and a redirecting link in each.
    private const string SearchResults = """
        <html><head><title>lanterns - Search</title></head><body>
        <header><nav><ul><li><a href="/web">All results</a></li><li><a href="/images">Images</a></li><li><a href="/news">News</a></li><li><a href="/maps">Maps</a></li></ul></nav></header>
        <div id="x9"><div class="q1">
          <div class="zz"><h2><a href="/l/?u=https%3A%2F%2Fcamping.example%2Flanterns%2Fbest&amp;t=7">The best camping lanterns of 2024 tested</a></h2>
            <div class="s">We tried 23 lanterns over two summers; these six were bright, light and lasted.</div><span class="v">camping.example/lanterns/best</span></div>
          <div class="zz"><h2><a href="/l/?u=https%3A%2F%2Fwww.outdoors.example%2Fgear%2Flantern-guide&amp;t=8">Lantern buying guide: lumens, fuel and weight</a></h2>
            <div class="s">How many lumens a tent needs, and why gas lanterns still sell.</div><span class="v">www.outdoors.example/gear/lantern-guide</span></div>
          <div class="zz"><h2><a href="/l/?u=https%3A%2F%2Fforum.example%2Ft%2F4411&amp;t=9">Rechargeable or battery lantern? - Hiking forum</a></h2>
            <div class="s">Thread with 84 replies about which lantern to bring on long trips.</div><span class="v">forum.example/t/4411</span></div>
        </div></div>
        <footer><ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
        </body></html>
        """;

    [Fact]
    public void Search_results_are_found_by_structure_with_their_targets_behind_redirects()
    {
        var items = Items(SearchResults, """{"title":{"type":"string"},"url":{"type":"string","format":"uri"}}""");

        Assert.Equal(3, items.Count);
        Assert.Equal("The best camping lanterns of 2024 tested", items[0]!["title"]!.GetValue<string>());
        Assert.Equal("https://camping.example/lanterns/best", items[0]!["url"]!.GetValue<string>());
        Assert.Equal("https://www.outdoors.example/gear/lantern-guide", items[1]!["url"]!.GetValue<string>());
        Assert.Equal("Rechargeable or battery lantern? - Hiking forum", items[2]!["title"]!.GetValue<string>());
    }

    // A front page as a header-less table: each story is a title row, a details row and a spacer row; a job post has no score.
    private const string StoryTable = """
        <html><body><table><tr><td><a href="/">Top</a> | <a href="/new">new</a> | <a href="/ask">ask</a></td></tr></table>
        <table>
          <tr class="r" id="101"><td class="title"><span>1.</span></td><td><a href="vote?id=101"><div class="arrow"></div></a></td>
            <td class="title"><a href="https://blog.example/compilers">Writing a compiler in a weekend</a> <span>(<a href="from?site=blog.example">blog.example</a>)</span></td></tr>
          <tr><td colspan="2"></td><td><span id="s101">412 points</span> by <a href="user?id=ada">ada</a> <a href="item?id=101">5 hours ago</a> | <a href="item?id=101">198&nbsp;comments</a></td></tr>
          <tr style="height:5px"></tr>
          <tr class="r" id="102"><td class="title"><span>2.</span></td><td><a href="vote?id=102"><div class="arrow"></div></a></td>
            <td class="title"><a href="https://lab.example/fusion">A small fusion lab opens its notebooks</a> <span>(<a href="from?site=lab.example">lab.example</a>)</span></td></tr>
          <tr><td colspan="2"></td><td><span id="s102">87 points</span> by <a href="user?id=grace">grace</a> <a href="item?id=102">1 hour ago</a> | <a href="item?id=102">12&nbsp;comments</a></td></tr>
          <tr style="height:5px"></tr>
          <tr class="r" id="103"><td class="title"><span>3.</span></td><td></td>
            <td class="title"><a href="https://jobs.example/acme">Acme (YC W21) is hiring a database engineer</a> <span>(<a href="from?site=jobs.example">jobs.example</a>)</span></td></tr>
          <tr><td colspan="2"></td><td><a href="item?id=103">3 hours ago</a></td></tr>
          <tr style="height:5px"></tr>
          <tr class="r" id="104"><td class="title"><span>4.</span></td><td><a href="vote?id=104"><div class="arrow"></div></a></td>
            <td class="title"><a href="https://maps.example/tiles">Vector tiles from scratch</a> <span>(<a href="from?site=maps.example">maps.example</a>)</span></td></tr>
          <tr><td colspan="2"></td><td><span id="s104">1,204 points</span> by <a href="user?id=linus">linus</a> <a href="item?id=104">9 hours ago</a> | <a href="item?id=104">301&nbsp;comments</a></td></tr>
          <tr style="height:5px"></tr>
          <tr><td colspan="3"><a href="news?p=2">More</a></td></tr>
        </table></body></html>
        """;

    [Fact]
    public void Records_spanning_several_rows_of_a_headerless_table_take_counts_by_the_word_that_names_them()
    {
        var items = Items(StoryTable, """{"title":{"type":"string"},"points":{"type":"integer"},"comments":{"type":"integer"}}""");

        Assert.Equal(4, items.Count);
        Assert.Equal("Writing a compiler in a weekend", items[0]!["title"]!.GetValue<string>());
        Assert.Equal(412, items[0]!["points"]!.GetValue<long>());
        Assert.Equal(198, items[0]!["comments"]!.GetValue<long>());
        Assert.Equal(87, items[1]!["points"]!.GetValue<long>());
        Assert.Equal("Acme (YC W21) is hiring a database engineer", items[2]!["title"]!.GetValue<string>());
        Assert.Null(items[2]!["points"]);
        Assert.Equal(1204, items[3]!["points"]!.GetValue<long>());
    }

    // A catalogue grid: titles cut short in the text (the full one in the link's title), old prices struck out, a category sidebar.
    private const string Catalogue = """
        <html><body><aside><ul>
          <li><a href="/c/travel">Travel</a></li><li><a href="/c/poetry">Poetry</a></li><li><a href="/c/history">History</a></li><li><a href="/c/science">Science</a></li><li><a href="/c/art">Art</a></li>
        </ul></aside><main><ol>
          <li><article><div><a href="/b/1"><img src="/i/1.jpg" alt="x"></a></div><h3><a href="/b/1" title="The Lighthouse at the End of the World">The Lighthouse at the ...</a></h3><div><p>£23.10</p><p>In stock</p></div></article></li>
          <li><article><div><a href="/b/2"><img src="/i/2.jpg" alt="x"></a></div><h3><a href="/b/2" title="Salt">Salt</a></h3><div><p><s>£19.99</s> £12.50</p><p>In stock</p></div></article></li>
          <li><article><div><a href="/b/3"><img src="/i/3.jpg" alt="x"></a></div><h3><a href="/b/3" title="A Field Guide to Clouds">A Field Guide to Clouds</a></h3><div><p>£8.00</p><p>In stock</p></div></article></li>
        </ol></main></body></html>
        """;

    [Fact]
    public void Product_grids_give_full_names_current_prices_links_and_images()
    {
        var items = Items(Catalogue, """{"name":{"type":"string"},"price":{"type":"number"},"url":{"type":"string","format":"uri"},"image":{"type":"string","format":"uri"}}""", "https://books.example/list");

        Assert.Equal(3, items.Count);
        Assert.Equal("The Lighthouse at the End of the World", items[0]!["name"]!.GetValue<string>());
        Assert.Equal(23.10, items[0]!["price"]!.GetValue<double>());
        Assert.Equal("https://books.example/b/1", items[0]!["url"]!.GetValue<string>());
        Assert.Equal("https://books.example/i/1.jpg", items[0]!["image"]!.GetValue<string>());
        Assert.Equal(12.50, items[1]!["price"]!.GetValue<double>());
        Assert.Equal("A Field Guide to Clouds", items[2]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Json_ld_item_list_and_the_page_records_of_the_same_items_are_merged()
    {
        // Names and links in the ItemList, prices only on the page.
        var html = """
            <html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@type":"ItemList","itemListElement":[
              {"@type":"ListItem","position":1,"url":"https://shop.example/p/kettle","name":"Stovetop Kettle"},
              {"@type":"ListItem","position":2,"url":"https://shop.example/p/press","name":"French Press"}]}
            </script></head><body><div>
              <div><a href="/p/kettle"><h4>Stovetop Kettle</h4></a><b>$34.00</b></div>
              <div><a href="/p/press"><h4>French Press</h4></a><b>$27.50</b></div>
            </div></body></html>
            """;

        var items = Items(html, """{"name":{"type":"string"},"price":{"type":"number"},"url":{"type":"string","format":"uri"}}""", "https://shop.example/c/coffee");

        Assert.Equal(2, items.Count);
        Assert.Equal("French Press", items[1]!["name"]!.GetValue<string>());
        Assert.Equal("https://shop.example/p/press", items[1]!["url"]!.GetValue<string>());
        Assert.Equal(27.50, items[1]!["price"]!.GetValue<double>());
        Assert.Equal(34.00, items[0]!["price"]!.GetValue<double>());
    }

    [Fact]
    public void A_detail_page_asked_for_an_array_of_its_kind_gives_its_one_item_not_the_related_cards()
    {
        var html = """
            <html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Trail Runner 3","offers":{"@type":"Offer","price":"119.00","priceCurrency":"USD"}}</script></head>
            <body><h1>Trail Runner 3</h1><p>$119.00</p><section><h2>You may also like</h2>
              <div><a href="/p/r1">Road Runner 2</a><span>$89.00</span></div>
              <div><a href="/p/r2">Hiker Mid</a><span>$99.00</span></div>
              <div><a href="/p/r3">Sandal X</a><span>$39.00</span></div>
            </section></body></html>
            """;
        var schema = JsonNode.Parse("""{"type":"object","properties":{"products":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}}}}""");

        var products = SchemaExtractor.Extract(ExtractionInput.FromHtml(html, "https://shop.example/p/tr3"), schema!).Data["products"]!.AsArray();

        var product = Assert.Single(products);
        Assert.Equal("Trail Runner 3", product!["name"]!.GetValue<string>());
        Assert.Equal(119.0, product["price"]!.GetValue<double>());
    }

    [Fact]
    public void Hidden_records_and_hidden_text_inside_records_are_left_out()
    {
        var html = """
            <html><body><ul>
              <li><a href="/a">First visible result title</a><span class="sr-only">Sponsored</span></li>
              <li><a href="/b">Second visible result title</a></li>
              <li style="display:none"><a href="/c">Template result never shown</a></li>
              <li><a href="/d">Third visible result title</a></li>
            </ul></body></html>
            """;

        var items = Items(html, """{"title":{"type":"string"},"url":{"type":"string","format":"uri"}}""");

        Assert.Equal(["First visible result title", "Second visible result title", "Third visible result title"],
            items.Select(i => i!["title"]!.GetValue<string>()));
    }
}
