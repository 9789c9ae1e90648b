using System.Text;
using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

public class DocumentTextTests
{
    [Fact]
    public void A_damaged_pdf_is_an_invalid_document()
    {
        var damaged = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref");

        Assert.Throws<InvalidDocumentException>(() => ExtractionInput.FromDocument(damaged, "broken.pdf"));
    }

    [Fact]
    public void Html_text_has_one_line_per_block_and_no_scripts()
    {
        var text = DocumentText.FromHtml("<html><head><title>T</title></head><body><h1>Title</h1><p>One <b>line</b></p><script>var x = 1;</script><ul><li>A</li><li>B</li></ul></body></html>");

        Assert.Equal("Title\nOne line\nA\nB", text);
    }

    [Fact]
    public void Uploads_are_told_apart_by_content()
    {
        Assert.True(DocumentText.IsPdf(InvoicePdf.Build()));
        Assert.True(DocumentText.IsHtml(Encoding.UTF8.GetBytes("<!DOCTYPE html><html></html>"), "upload.bin", null));
        Assert.False(DocumentText.IsHtml(Encoding.UTF8.GetBytes("Invoice: 7"), "notes.txt", "text/plain"));
    }

    [Fact]
    public void Text_labels_may_have_their_value_on_the_next_line()
    {
        var schema = JsonNode.Parse("""{"type":"object","properties":{"invoice_number":{"type":"string"},"due_date":{"type":"string","format":"date"}}}""")!;

        var outcome = SchemaExtractor.Extract(ExtractionInput.FromText("Invoice Number:\nZX-99\nPayment due:\n2024-05-01\n"), schema);

        Assert.Equal("ZX-99", outcome.Data["invoice_number"]!.GetValue<string>());
        Assert.Equal("2024-05-01", outcome.Data["due_date"]!.GetValue<string>());
    }

    [Fact]
    public void Parallel_extractions_with_one_compiled_schema_agree()
    {
        var schema = Fixtures.Schema("product.json");
        var page = Fixtures.Page("product-jsonld.html");
        var expected = SchemaExtractor.Extract(ExtractionInput.FromHtml(page), schema).Data.ToJsonString();

        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = SchemaExtractor.Extract(ExtractionInput.FromHtml(page), schema).Data.ToJsonString());

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
