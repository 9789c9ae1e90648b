using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

/// <summary>How the extractor chooses between sources, builds arrays and nested objects, and treats values that fail.</summary>
public class ExtractionBehaviourTests
{
    private static ExtractionOutcome Extract(string html, string schema) =>
        SchemaExtractor.Extract(ExtractionInput.FromHtml(html, "https://site.example/page"), JsonNode.Parse(schema)!);

    [Fact]
    public void Explicit_selector_wins_over_json_ld()
    {
        var outcome = SchemaExtractor.Extract(
            ExtractionInput.FromHtml(Fixtures.Page("product-jsonld.html")),
            JsonNode.Parse("""{"type":"object","properties":{"price":{"type":"number","x-selector":"p.price"},"name":{"type":"string"}}}""")!);

        Assert.Equal(129.95, outcome.Data["price"]!.GetValue<double>());
        Assert.Equal(ExtractionSources.Selector, outcome.Sources["price"]);
        Assert.Equal(ExtractionSources.JsonLd, outcome.Sources["name"]);
    }

    [Fact]
    public void Selector_can_read_an_attribute()
    {
        var outcome = Extract(
            """<html><body><a class="buy" href="/cart?add=7" data-sku="SKU-7">Buy</a></body></html>""",
            """{"type":"object","properties":{"sku":{"type":"string","x-selector":"a.buy","x-attribute":"data-sku"},"cart":{"type":"string","format":"uri","x-selector":"a.buy"}}}""");

        Assert.Equal("SKU-7", outcome.Data["sku"]!.GetValue<string>());
        Assert.Equal("https://site.example/cart?add=7", outcome.Data["cart"]!.GetValue<string>());
    }

    [Fact]
    public void A_value_failing_validation_is_kept_out_reported_and_scored()
    {
        var outcome = Extract(
            """<html><body><p>SKU: abc-12</p><p>Price: $10</p><p>Email: none given</p></body></html>""",
            """{"type":"object","properties":{"sku":{"type":"string","pattern":"^[A-Z]{3}-\\d+$"},"price":{"type":"number"},"email":{"type":"string","format":"email"}},"required":["sku"]}""");

        Assert.False(outcome.Data.ContainsKey("sku"));
        Assert.False(outcome.Data.ContainsKey("email"));
        Assert.Equal(10, outcome.Data["price"]!.GetValue<double>());
        Assert.Contains(outcome.Warnings, w => w.StartsWith("sku: label value \"abc-12\" does not match the pattern", StringComparison.Ordinal));
        Assert.Contains(outcome.Warnings, w => w.StartsWith("email:", StringComparison.Ordinal));
        Assert.Contains("sku: required but not found", outcome.Warnings);
        Assert.Equal(3, outcome.Quality.FoundValues);
        Assert.Equal(1, outcome.Quality.ValidValues);
    }

    [Fact]
    public void A_failing_source_falls_through_to_the_next()
    {
        var outcome = Extract(
            """<html><head><script type="application/ld+json">{"@type":"Product","name":"Kettle","offers":{"price":"Call us"}}</script></head><body><p>Price: 42,00 €</p></body></html>""",
            """{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}""");

        Assert.Equal(42, outcome.Data["price"]!.GetValue<double>());
        Assert.Equal(ExtractionSources.Label, outcome.Sources["price"]);
    }

    [Fact]
    public void Enum_values_are_matched_case_insensitively()
    {
        var outcome = Extract(
            """<html><body><dl><dt>Status</dt><dd>in stock</dd><dt>Condition</dt><dd>https://schema.org/NewCondition</dd></dl></body></html>""",
            """{"type":"object","properties":{"status":{"type":"string","enum":["InStock","OutOfStock"]},"condition":{"type":"string","enum":["NewCondition","UsedCondition"]}}}""");

        Assert.Equal("InStock", outcome.Data["status"]!.GetValue<string>());
        Assert.Equal("NewCondition", outcome.Data["condition"]!.GetValue<string>());
    }

    [Fact]
    public void Nested_objects_come_from_nested_json_ld()
    {
        var outcome = Extract(
            """
            <html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@type":"LocalBusiness","name":"Blue Door Bakery","telephone":"+44 20 7946 0000",
             "address":{"@type":"PostalAddress","streetAddress":"1 Mill Lane","addressLocality":"York","postalCode":"YO1 7HH"},
             "offers":[{"@type":"Offer","name":"Sourdough","price":"4.50"},{"@type":"Offer","name":"Rye","price":"3.80"}]}
            </script></head><body></body></html>
            """,
            """
            {"type":"object","properties":{
              "name":{"type":"string"},"phone":{"type":"string"},
              "address":{"type":"object","properties":{"street":{"type":"string","description":"street address"},"city":{"type":"string","description":"address locality"},"postal_code":{"type":"string"}}},
              "offers":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}}}}
            """);

        Fixtures.AssertSameFields(
            JsonNode.Parse("""
                {"name":"Blue Door Bakery","phone":"+44 20 7946 0000",
                 "address":{"street":"1 Mill Lane","city":"York","postal_code":"YO1 7HH"},
                 "offers":[{"name":"Sourdough","price":4.5},{"name":"Rye","price":3.8}]}
                """)!.AsObject(),
            outcome.Data);
    }

    [Fact]
    public void Json_ld_item_list_becomes_an_array_of_objects()
    {
        var outcome = Extract(
            """
            <html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@type":"ItemList","itemListElement":[
              {"@type":"ListItem","position":1,"item":{"@type":"Product","name":"Alpha","offers":{"price":"10.00"},"url":"/p/alpha"}},
              {"@type":"ListItem","position":2,"item":{"@type":"Product","name":"Beta","offers":{"price":"12.50"},"url":"/p/beta"}}]}
            </script></head><body></body></html>
            """,
            """{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"},"url":{"type":"string","format":"uri"}}}}}}""");

        Fixtures.AssertSameFields(
            JsonNode.Parse("""{"items":[{"name":"Alpha","price":10,"url":"https://site.example/p/alpha"},{"name":"Beta","price":12.5,"url":"https://site.example/p/beta"}]}""")!.AsObject(),
            outcome.Data);
        Assert.Equal(ExtractionSources.JsonLd, outcome.Sources["items"]);
    }

    [Fact]
    public void Repeated_microdata_items_become_an_array()
    {
        var cards = string.Concat(Enumerable.Range(1, 3).Select(i =>
            $"""<li itemscope itemtype="https://schema.org/Product"><span itemprop="name">Item {i}</span><meta itemprop="sku" content="S{i}"><span itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">{i}.99</span></span></li>"""));

        var outcome = Extract($"<html><body><ul>{cards}</ul></body></html>",
            """{"type":"object","properties":{"products":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"sku":{"type":"string"},"price":{"type":"number"}}}}}}""");

        var products = outcome.Data["products"]!.AsArray();
        Assert.Equal(3, products.Count);
        Assert.Equal("Item 2", products[1]!["name"]!.GetValue<string>());
        Assert.Equal(3.99, products[2]!["price"]!.GetValue<double>());
        Assert.Equal(ExtractionSources.Microdata, outcome.Sources["products"]);
    }

    [Fact]
    public void Rdfa_properties_are_read()
    {
        var outcome = Extract(
            """<html><body><div vocab="https://schema.org/" typeof="Book"><h1 property="name">The Long Way</h1><span property="author" typeof="Person"><span property="name">B. Chambers</span></span><span property="isbn">978-0-06-244413-1</span><span property="numberOfPages">404 pages</span></div></body></html>""",
            """{"type":"object","properties":{"title":{"type":"string"},"author":{"type":"string"},"isbn":{"type":"string"},"pages":{"type":"integer","description":"number of pages"}}}""");

        Fixtures.AssertSameFields(
            JsonNode.Parse("""{"title":"The Long Way","author":"B. Chambers","isbn":"978-0-06-244413-1","pages":404}""")!.AsObject(),
            outcome.Data);
        Assert.Equal(ExtractionSources.Rdfa, outcome.Sources["author"]);
    }

    [Fact]
    public void Scalar_arrays_are_split_and_deduplicated()
    {
        var outcome = Extract(
            """<html><head><meta name="keywords" content="tea, green tea, tea, matcha"></head><body></body></html>""",
            """{"type":"object","properties":{"tags":{"type":"array","items":{"type":"string"}}}}""");

        Assert.Equal(["tea", "green tea", "matcha"], outcome.Data["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void Broken_json_ld_does_not_stop_the_other_sources()
    {
        var outcome = Extract(
            """<html><head><script type="application/ld+json">{"@type": "Product", "name": </script><meta property="og:title" content="Fallback name"></head><body></body></html>""",
            """{"type":"object","properties":{"name":{"type":"string"}}}""");

        Assert.Equal("Fallback name", outcome.Data["name"]!.GetValue<string>());
    }

    [Fact]
    public void Empty_page_scores_zero_without_failing()
    {
        var outcome = Extract("", """{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}""");

        Assert.Empty(outcome.Data);
        Assert.Equal(0, outcome.Quality.Composite);
    }

    [Fact]
    public void Array_selector_picks_items_and_item_selectors_are_relative()
    {
        var outcome = Extract(
            """
            <html><body><ol>
              <li class="result"><a class="t" href="/a">First result</a><span class="when">2 Jan 2024</span></li>
              <li class="result"><a class="t" href="/b">Second result</a><span class="when">3 Jan 2024</span></li>
            </ol><p class="t">Not a result</p></body></html>
            """,
            """{"type":"object","properties":{"results":{"type":"array","x-selector":"li.result","items":{"type":"object","properties":{"title":{"type":"string","x-selector":".t"},"link":{"type":"string","format":"uri","x-selector":"a"},"date":{"type":"string","format":"date","x-selector":".when"}}}}}}""");

        Fixtures.AssertSameFields(
            JsonNode.Parse("""{"results":[{"title":"First result","link":"https://site.example/a","date":"2024-01-02"},{"title":"Second result","link":"https://site.example/b","date":"2024-01-03"}]}""")!.AsObject(),
            outcome.Data);
        Assert.Equal(ExtractionSources.Selector, outcome.Sources["results"]);
    }

    [Fact]
    public void Aggregate_offers_and_escaped_json_ld_text_are_read()
    {
        var outcome = Extract(
            """<html><head><script type="application/ld+json">{"@type":"Product","name":"Fish &amp; Chips Fryer","offers":{"@type":"AggregateOffer","lowPrice":"89.00","highPrice":"120.00","priceCurrency":"GBP"}}</script></head><body></body></html>""",
            """{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"}}}""");

        Assert.Equal("Fish & Chips Fryer", outcome.Data["name"]!.GetValue<string>());
        Assert.Equal(89, outcome.Data["price"]!.GetValue<double>());
    }

    [Fact]
    public void Html_lines_led_by_a_known_label_are_read_without_a_colon()
    {
        var outcome = Extract(
            """<html><body><div class="row"><span class="k">Total due</span> <span class="v">$1,020.00</span></div></body></html>""",
            """{"type":"object","properties":{"total":{"type":"number"}}}""");

        Assert.Equal(1020, outcome.Data["total"]!.GetValue<double>());
    }

    [Fact]
    public void Each_field_falls_back_separately_through_the_sources()
    {
        var outcome = Extract(
            """
            <html><head>
              <script type="application/ld+json">{"@type":"Product","name":"Desk Fan","offers":{"price":"35.00"}}</script>
              <meta property="og:description" content="Quiet three-speed fan.">
            </head><body>
              <div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Desk Fan (microdata)</span><span itemprop="sku">DF-3</span></div>
              <table><tr><th>Colour</th><td>White</td></tr></table>
              <p>Warranty: 2 years</p>
            </body></html>
            """,
            """{"type":"object","properties":{"name":{"type":"string"},"price":{"type":"number"},"sku":{"type":"string"},"description":{"type":"string"},"color":{"type":"string"},"warranty_years":{"type":"integer","description":"warranty"}}}""");

        Assert.Equal("Desk Fan", outcome.Data["name"]!.GetValue<string>());
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["name"] = ExtractionSources.JsonLd,
                ["price"] = ExtractionSources.JsonLd,
                ["sku"] = ExtractionSources.Microdata,
                ["description"] = ExtractionSources.Meta,
                ["color"] = ExtractionSources.Table,
                ["warranty_years"] = ExtractionSources.Label,
            },
            outcome.Sources);
        Assert.Equal(2, outcome.Data["warranty_years"]!.GetValue<long>());
    }

    [Fact]
    public void Several_json_ld_items_of_one_type_become_an_array()
    {
        var outcome = Extract(
            """
            <html><head><script type="application/ld+json">[
              {"@type":"Event","name":"Jazz Night","startDate":"2025-06-01T20:00:00+02:00","location":{"@type":"Place","name":"Blue Hall"}},
              {"@type":"Event","name":"Folk Evening","startDate":"2025-06-08T19:30:00+02:00","location":{"@type":"Place","name":"Red Barn"}},
              {"@type":"Organization","name":"Venue Group"}]</script></head><body></body></html>
            """,
            """{"type":"object","properties":{"events":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"start":{"type":"string","format":"date-time","description":"start date"},"venue":{"type":"string","description":"location"}}}}}}""");

        Fixtures.AssertSameFields(
            JsonNode.Parse("""{"events":[{"name":"Jazz Night","start":"2025-06-01T20:00:00+02:00","venue":"Blue Hall"},{"name":"Folk Evening","start":"2025-06-08T19:30:00+02:00","venue":"Red Barn"}]}""")!.AsObject(),
            outcome.Data);
    }

    [Fact]
    public void Elements_named_by_class_or_id_are_the_last_resort()
    {
        var outcome = Extract(
            """<html><body><h1 class="product-name">Glass Teapot</h1><div id="sku">GT-800</div><span class="product-price">€ 12,90</span><p>Price: see below</p></body></html>""",
            """{"type":"object","properties":{"name":{"type":"string"},"sku":{"type":"string"},"price":{"type":"number"}}}""");

        Fixtures.AssertSameFields(JsonNode.Parse("""{"name":"Glass Teapot","sku":"GT-800","price":12.9}""")!.AsObject(), outcome.Data);
        Assert.Equal(ExtractionSources.Element, outcome.Sources["price"]);
    }

    [Fact]
    public void Repeated_label_blocks_become_an_array_of_objects()
    {
        const string text = """
            Team directory
            Name: Ada Lovelace
            Role: Engineering lead
            Email: ada@example.org

            Name: Grace Hopper
            Email: grace@example.org
            Role: Compiler team
            """;

        var outcome = SchemaExtractor.Extract(
            ExtractionInput.FromText(text),
            JsonNode.Parse("""{"type":"object","properties":{"people":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"role":{"type":"string"},"email":{"type":"string","format":"email"}}}}}}""")!);

        Fixtures.AssertSameFields(
            JsonNode.Parse("""{"people":[{"name":"Ada Lovelace","role":"Engineering lead","email":"ada@example.org"},{"name":"Grace Hopper","role":"Compiler team","email":"grace@example.org"}]}""")!.AsObject(),
            outcome.Data);
        Assert.Equal(ExtractionSources.Label, outcome.Sources["people"]);
    }

    [Fact]
    public void Objects_and_lists_named_after_a_json_ld_type_come_from_that_node()
    {
        var outcome = SchemaExtractor.Extract(
            ExtractionInput.FromHtml(Fixtures.Page("product-jsonld.html"), "https://shop.example/p"),
            JsonNode.Parse("""
                {"type":"object","properties":{
                  "name":{"type":"string"},
                  "organization":{"type":"object","properties":{"name":{"type":"string"},"url":{"type":"string","format":"uri"}}},
                  "breadcrumbs":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"position":{"type":"integer"}}}}}}
                """)!);

        Fixtures.AssertSameFields(
            JsonNode.Parse("""
                {"name":"Trailblazer 2 Hiking Boot",
                 "organization":{"name":"Northwind Outdoor","url":"https://shop.example/"},
                 "breadcrumbs":[{"name":"Footwear","position":1},{"name":"Boots","position":2}]}
                """)!.AsObject(),
            outcome.Data);
    }
}
