using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

public class QualityAndMergeTests
{
    [Theory]
    [InlineData(10, 10, 10, 10, 1.0, 1.0, 1.0)]
    [InlineData(10, 5, 5, 5, 0.5, 1.0, 0.7)]
    [InlineData(4, 2, 4, 2, 0.5, 0.5, 0.5)]
    [InlineData(3, 0, 0, 0, 0, 0, 0)]
    [InlineData(0, 0, 0, 0, 0, 0, 0)]
    [InlineData(3, 1, 2, 1, 0.3333, 0.5, 0.4)]
    public void Composite_is_60_percent_completeness_and_40_percent_validation(
        int declared, int filled, int found, int valid, double completeness, double validation, double composite)
    {
        var quality = QualityScores.From(declared, filled, found, valid);

        Assert.Equal(completeness, quality.Completeness);
        Assert.Equal(validation, quality.Validation);
        Assert.Equal(composite, quality.Composite);
    }

    [Fact]
    public void Array_item_properties_count_as_declared_leaves()
    {
        var schema = Fixtures.Schema("invoice.json");

        Assert.Equal(
            ["vendor.name", "vendor.address", "invoice_number", "date", "due_date", "customer", "line_items[].description", "line_items[].quantity", "line_items[].unit_price", "line_items[].amount", "subtotal", "tax", "total"],
            schema.Root.Leaves().Select(l => l.Path));
    }

    [Fact]
    public void Completeness_counts_only_filled_leaves()
    {
        var outcome = SchemaExtractor.Extract(
            ExtractionInput.FromHtml("<html><body><p>Price: 5 USD</p></body></html>"),
            JsonNode.Parse("""{"type":"object","properties":{"price":{"type":"number"},"name":{"type":"string","x-selector":"h1"},"tags":{"type":"array","items":{"type":"string"}},"items":{"type":"array","items":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}}}}}}""")!);

        Assert.Equal(5, outcome.Quality.DeclaredFields);
        Assert.Equal(1, outcome.Quality.FilledFields);
        Assert.Equal(0.2, outcome.Quality.Completeness);
        Assert.Equal(1.0, outcome.Quality.Validation);
    }

    private static readonly ExtractionSchema ShopSchema = ExtractionSchema.Parse(JsonNode.Parse("""
        {"type":"object","properties":{
          "name":{"type":"string"},"price":{"type":"number"},"brand":{"type":"string"},
          "seller":{"type":"object","properties":{"name":{"type":"string"},"rating":{"type":"number"}}},
          "tags":{"type":"array","items":{"type":"string"}},
          "variants":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},"size":{"type":"string"}}}}}}
        """));

    private static ExtractionOutcome Outcome(string url, string data, Dictionary<string, string> sources, double composite) =>
        new(JsonNode.Parse(data)!.AsObject(), sources, new QualityScores(0, 0, composite, 0, 0, 2, 2), [$"note from {url}"]) { Url = url };

    [Fact]
    public void Merge_takes_scalars_from_the_most_trusted_source_and_concatenates_arrays()
    {
        var labels = Outcome("https://a.example/1",
            """{"name":"Kettle","price":40,"tags":["kitchen","tea"],"variants":[{"sku":"K1","size":"1L"}],"seller":{"name":"Shop A"}}""",
            new() { ["name"] = "label", ["price"] = "label", ["tags"] = "meta", ["variants"] = "table", ["seller.name"] = "label" },
            composite: 0.9);
        var jsonLd = Outcome("https://b.example/2",
            """{"price":39.5,"brand":"Contoso","tags":["tea","electric"],"variants":[{"sku":"K1","size":"1L"},{"sku":"K2","size":"1.7L"}],"seller":{"name":"Shop B","rating":4.5}}""",
            new() { ["price"] = "json-ld", ["brand"] = "json-ld", ["tags"] = "json-ld", ["variants"] = "json-ld", ["seller.name"] = "json-ld", ["seller.rating"] = "json-ld" },
            composite: 0.5);

        var merged = ExtractionMerge.Merge(ShopSchema, [labels, jsonLd]);

        Fixtures.AssertSameFields(
            JsonNode.Parse("""
                {"name":"Kettle","price":39.5,"brand":"Contoso","tags":["kitchen","tea","electric"],
                 "variants":[{"sku":"K1","size":"1L"},{"sku":"K2","size":"1.7L"}],
                 "seller":{"name":"Shop B","rating":4.5}}
                """)!.AsObject(),
            merged.Data);
        Assert.Equal("json-ld", merged.Sources["price"]);
        Assert.Equal(["https://b.example/2"], merged.SourceUrls["price"]);
        Assert.Equal(["https://a.example/1"], merged.SourceUrls["name"]);
        Assert.Equal(["https://a.example/1", "https://b.example/2"], merged.SourceUrls["tags"]);
        Assert.Equal(1.0, merged.Quality.Completeness);
        Assert.Equal(["https://a.example/1: note from https://a.example/1", "https://b.example/2: note from https://b.example/2"], merged.Warnings);
    }

    [Fact]
    public void Merge_breaks_trust_ties_by_composite_score()
    {
        var weak = Outcome("https://a.example", """{"name":"Weak"}""", new() { ["name"] = "meta" }, composite: 0.2);
        var strong = Outcome("https://b.example", """{"name":"Strong"}""", new() { ["name"] = "meta" }, composite: 0.8);

        var merged = ExtractionMerge.Merge(ShopSchema, [weak, strong]);

        Assert.Equal("Strong", merged.Data["name"]!.GetValue<string>());
    }

    [Fact]
    public void Merge_of_real_pages_fills_more_than_either_page()
    {
        var schema = Fixtures.Schema("product.json");
        var meta = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-meta.html"), "https://a.example/lamp"), schema);
        var labels = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-labels.html"), "https://b.example/kettle"), schema);

        var merged = ExtractionMerge.Merge(schema, [meta, labels]);

        // Both names come from meta tags: the tie goes to the page with the higher composite (the labelled page).
        Assert.Equal("Contoso Electric Kettle", merged.Data["name"]!.GetValue<string>());
        // Meta tags outrank labels, whatever the composite.
        Assert.Equal(59.5, merged.Data["price"]!.GetValue<double>());
        Assert.Equal("CK-1700-W", merged.Data["sku"]!.GetValue<string>());
        Assert.Equal(1.0, merged.Quality.Completeness);
        Assert.True(merged.Quality.Completeness > meta.Quality.Completeness);
    }

    [Fact]
    public void Merge_keeps_page_order_for_arrays_and_joins_items_with_the_same_identity()
    {
        var first = Outcome("https://a.example", """{"variants":[{"sku":"K1","size":"1L"},{"sku":"K3"}]}""", new() { ["variants"] = "table" }, composite: 0.1);
        var second = Outcome("https://b.example", """{"variants":[{"sku":"K2","size":"2L"},{"sku":"K3","size":"3L"}]}""", new() { ["variants"] = "json-ld" }, composite: 0.9);

        var merged = ExtractionMerge.Merge(ShopSchema, [first, second]);

        Fixtures.AssertSameFields(
            JsonNode.Parse("""{"variants":[{"sku":"K1","size":"1L"},{"sku":"K3","size":"3L"},{"sku":"K2","size":"2L"}]}""")!.AsObject(),
            merged.Data);
        Assert.Equal(["https://a.example", "https://b.example"], merged.SourceUrls["variants"]);
    }
}
