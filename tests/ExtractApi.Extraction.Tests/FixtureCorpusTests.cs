using System.Globalization;
using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

/// <summary>The fixture corpus: each page or document against its expected output, field by field.</summary>
public class FixtureCorpusTests
{
    [Theory]
    [InlineData("product-jsonld.html", "product.json", "product-jsonld.json")]
    [InlineData("product-microdata.html", "product.json", "product-microdata.json")]
    [InlineData("product-meta.html", "product.json", "product-meta.json")]
    [InlineData("product-labels.html", "product.json", "product-labels.json")]
    [InlineData("article-jsonld.html", "article.json", "article-jsonld.json")]
    [InlineData("article-meta.html", "article.json", "article-meta.json")]
    [InlineData("catalog-tables.html", "catalog.json", "catalog-tables.json")]
    [InlineData("listing-cards.html", "listing.json", "listing-cards.json")]
    public void Page_yields_the_expected_fields(string page, string schema, string expected)
    {
        var outcome = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page(page), "https://shop.example/" + Path.GetFileNameWithoutExtension(page)), Fixtures.Schema(schema));

        Fixtures.AssertSameFields(Fixtures.Expected(expected), outcome.Data);
    }

    [Fact]
    public void Json_ld_outranks_visible_labels_and_meta_and_records_its_sources()
    {
        var outcome = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-jsonld.html"), "https://shop.example/p"), Fixtures.Schema("product.json"));

        Assert.Equal(149.95, outcome.Data["price"]!.GetValue<double>());
        Assert.All(outcome.Sources.Values, source => Assert.Equal(ExtractionSources.JsonLd, source));
        Assert.Equal(10, outcome.Sources.Count);
        Assert.Equal(["https://shop.example/p"], outcome.SourceUrls["price"]);
        Assert.Equal(1.0, outcome.Quality.Completeness);
    }

    [Fact]
    public void Each_kind_of_page_reports_where_its_values_came_from()
    {
        var schema = Fixtures.Schema("product.json");

        var microdata = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-microdata.html")), schema);
        var meta = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-meta.html")), schema);
        var labels = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-labels.html")), schema);
        var tables = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("catalog-tables.html")), Fixtures.Schema("catalog.json"));
        var cards = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("listing-cards.html")), Fixtures.Schema("listing.json"));

        Assert.Equal(ExtractionSources.Microdata, microdata.Sources["price"]);
        Assert.Equal(ExtractionSources.Meta, meta.Sources["price"]);
        Assert.Equal(ExtractionSources.Label, labels.Sources["price"]);
        Assert.Equal(ExtractionSources.Selector, tables.Sources["product_name"]);
        Assert.Equal(ExtractionSources.Table, tables.Sources["specifications.weight_kg"]);
        Assert.Equal(ExtractionSources.Table, tables.Sources["price_list"]);
        Assert.Equal(ExtractionSources.Repeated, cards.Sources["products"]);
    }

    [Fact]
    public void Meta_only_page_is_partly_complete()
    {
        var outcome = SchemaExtractor.Extract(ExtractionInput.FromHtml(Fixtures.Page("product-meta.html")), Fixtures.Schema("product.json"));

        Assert.Equal(0.7, outcome.Quality.Completeness);
        Assert.Equal(1.0, outcome.Quality.Validation);
        Assert.Equal(0.82, outcome.Quality.Composite);
    }

    [Fact]
    public void Two_page_pdf_invoice_yields_header_fields_line_items_and_totals()
    {
        var input = ExtractionInput.FromDocument(InvoicePdf.Build(), "invoice.pdf", "application/pdf");

        var outcome = SchemaExtractor.Extract(input, Fixtures.Schema("invoice.json"));

        var expected = new JsonObject
        {
            ["vendor"] = new JsonObject { ["name"] = InvoicePdf.Vendor, ["address"] = InvoicePdf.VendorAddress },
            ["invoice_number"] = InvoicePdf.InvoiceNumber,
            ["date"] = "2024-03-15",
            ["due_date"] = "2024-04-14",
            ["customer"] = InvoicePdf.Customer,
            ["line_items"] = new JsonArray([.. InvoicePdf.Lines.Select(l => (JsonNode)new JsonObject
            {
                ["description"] = l.Description,
                ["quantity"] = l.Quantity,
                ["unit_price"] = l.UnitPrice,
                ["amount"] = l.Amount,
            })]),
            ["subtotal"] = InvoicePdf.Subtotal,
            ["tax"] = InvoicePdf.Tax,
            ["total"] = InvoicePdf.Total,
        };
        Fixtures.AssertSameFields(expected, outcome.Data);
        Assert.Equal(1.0, outcome.Quality.Composite);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void Pdf_text_keeps_both_pages_and_column_gaps()
    {
        var text = DocumentText.FromPdf(InvoicePdf.Build());

        Assert.Contains("Invoice #: " + InvoicePdf.InvoiceNumber, text, StringComparison.Ordinal);
        Assert.Contains("Page 2 of 2", text, StringComparison.Ordinal);
        Assert.Matches(@"Description {2,}Qty {2,}Unit Price {2,}Amount", text);
        Assert.Contains("Total Due  $" + InvoicePdf.Total.ToString("#,##0.00", CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Docmap_template_on_the_pdf_invoice_fills_every_variable()
    {
        var schema = TemplateSchema.FromDocmapVariables(
        [
            new("invoice_number", "string", "The invoice number"),
            new("invoice_date", "date"),
            new("vendor", "string", "Who issued the invoice"),
            new("total_amount", "currency", "Total due"),
            new("due_date", "date"),
        ]);

        var outcome = SchemaExtractor.Extract(ExtractionInput.FromDocument(InvoicePdf.Build()), schema);

        Fixtures.AssertSameFields(
            new JsonObject
            {
                ["invoice_number"] = InvoicePdf.InvoiceNumber,
                ["invoice_date"] = "2024-03-15",
                ["vendor"] = InvoicePdf.Vendor,
                ["total_amount"] = InvoicePdf.Total,
                ["due_date"] = "2024-04-14",
            },
            outcome.Data);
    }

    [Fact]
    public void Html_and_text_uploads_go_through_the_same_extractor()
    {
        var schema = ExtractionSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"invoice_number":{"type":"string"},"total":{"type":"number"}}}"""));
        var html = System.Text.Encoding.UTF8.GetBytes("<!doctype html><html><body><table><tr><th>Invoice No.</th><td>A-17</td></tr><tr><th>Amount due</th><td>€ 1.250,00</td></tr></table></body></html>");
        var text = System.Text.Encoding.UTF8.GetBytes("\uFEFFInvoice Number: A-18\nGrand total: 99.90 EUR\n");

        var fromHtml = SchemaExtractor.Extract(ExtractionInput.FromDocument(html, "invoice.html"), schema);
        var fromText = SchemaExtractor.Extract(ExtractionInput.FromDocument(text, "invoice.txt", "text/plain"), schema);

        Assert.Equal("A-17", fromHtml.Data["invoice_number"]!.GetValue<string>());
        Assert.Equal(1250, fromHtml.Data["total"]!.GetValue<double>());
        Assert.Equal("A-18", fromText.Data["invoice_number"]!.GetValue<string>());
        Assert.Equal(99.9, fromText.Data["total"]!.GetValue<double>());
    }

    [Fact]
    public void Line_items_can_sit_inside_a_nested_object()
    {
        var schema = ExtractionSchema.Parse(JsonNode.Parse("""
            {"type":"object","properties":{"invoice":{"type":"object","properties":{
              "number":{"type":"string","description":"invoice number"},
              "items":{"type":"array","items":{"type":"object","properties":{"description":{"type":"string"},"qty":{"type":"integer"}}}}}}}}
            """));

        var outcome = SchemaExtractor.Extract(ExtractionInput.FromDocument(InvoicePdf.Build()), schema);

        Assert.Equal(InvoicePdf.InvoiceNumber, outcome.Data["invoice"]!["number"]!.GetValue<string>());
        Assert.Equal(InvoicePdf.Lines.Select(l => (long)l.Quantity), outcome.Data["invoice"]!["items"]!.AsArray().Select(i => i!["qty"]!.GetValue<long>()));
    }

    [Fact]
    public void German_text_invoice_is_read_through_the_same_labels()
    {
        const string text = """
            Muster GmbH
            Lieferant: Muster GmbH
            Rechnungsnummer: RE-2024-117
            Rechnungsdatum: 15. März 2024
            Kunde: Beispiel AG

            Bezeichnung            Menge   Einzelpreis   Betrag
            Schrauben M6           100     0,12 €        12,00 €
            Montageplatte          2       45,50 €       91,00 €

            Zwischensumme: 103,00 €
            MwSt. 19 %: 19,57 €
            Gesamtbetrag: 122,57 €
            """;
        var schema = Fixtures.Schema("invoice.json");

        var outcome = SchemaExtractor.Extract(ExtractionInput.FromText(text), schema);

        Fixtures.AssertSameFields(
            JsonNode.Parse("""
                {"vendor":{"name":"Muster GmbH"},"date":"2024-03-15","customer":"Beispiel AG",
                 "line_items":[{"description":"Schrauben M6","quantity":100,"unit_price":0.12,"amount":12},{"description":"Montageplatte","quantity":2,"unit_price":45.5,"amount":91}],
                 "subtotal":103,"tax":19.57,"total":122.57}
                """)!.AsObject(),
            outcome.Data);
        // The fixture schema's pattern wants INV-…: the German number is found, reported, and kept out.
        Assert.Contains(outcome.Warnings, w => w.StartsWith("invoice_number: label value \"RE-2024-117\" does not match the pattern", StringComparison.Ordinal));
        Assert.True(outcome.Quality.Validation < 1);
    }
}
