using System.IO.Compression;
using System.Text;

namespace ExtractApi.Extraction.Tests.Security;

/// <summary>
/// Deeply nested Word documents (issue 18): the Open XML SDK loads a part by recursion, so a few kilobytes of tables
/// nested a thousand deep overflowed the stack and ended the process. A part nesting deeper than
/// <see cref="DocxDocument.MaxXmlDepth"/> is refused as an unreadable document; ordinary nesting still converts.
/// </summary>
public sealed class HostileDocxTests
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

    /// <summary>Tables each inside the previous one's only cell, <paramref name="depth"/> deep, then a label paragraph.</summary>
    private static string NestedTables(int depth)
    {
        var body = new StringBuilder();
        for (var i = 0; i < depth; i++) body.Append("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell ").Append(i).Append("</w:t></w:r></w:p>");
        for (var i = 0; i < depth; i++) body.Append("</w:tc></w:tr></w:tbl>");
        return body.Append("<w:p><w:r><w:t>Invoice Number: INV-7</w:t></w:r></w:p>").ToString();
    }

    /// <summary>A DOCX package written by hand (the SDK's own writer recurses as well), with an optional styles part.</summary>
    private static byte[] Docx(string bodyXml, string? stylesXml = null)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, string text)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
            Add("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>
                """);
            Add("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
                """);
            Add("word/document.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{WordNamespace}"><w:body>{bodyXml}</w:body></w:document>""");
            if (stylesXml is not null)
            {
                Add("word/_rels/document.xml.rels", """
                    <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
                    """);
                Add("word/styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{WordNamespace}">{stylesXml}</w:styles>""");
            }
        }
        return stream.ToArray();
    }

    /// <summary>Runs <paramref name="work"/> on a thread with a 1 MB stack (the tables nested 1,000 deep overflowed it).</summary>
    private static Exception? OnOneMegabyteStack(Action work)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try { work(); }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 1024 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "did not finish in 60 s");
        return failure;
    }

    [Theory]
    [InlineData("tables nested 3,000 deep")]
    [InlineData("unknown elements nested 20,000 deep")]
    [InlineData("a style nested 20,000 deep")]
    public void A_part_nested_deeper_than_the_cap_is_refused_as_unreadable_before_it_is_loaded(string shape)
    {
        var deepElements = string.Concat(Enumerable.Repeat("<w:x>", 20_000)) + string.Concat(Enumerable.Repeat("</w:x>", 20_000));
        var docx = shape switch
        {
            "tables nested 3,000 deep" => Docx(NestedTables(3_000)),
            "unknown elements nested 20,000 deep" => Docx($"<w:p>{deepElements}</w:p>"),
            _ => Docx("<w:p><w:r><w:t>Total: 3</w:t></w:r></w:p>", $"""<w:style w:type="paragraph" w:styleId="Deep">{deepElements}</w:style>"""),
        };
        Assert.True(docx.Length < 100_000, $"{docx.Length} bytes");

        var failure = OnOneMegabyteStack(() => DocxDocument.ToHtml(docx));
        var refused = Assert.IsType<InvalidDocumentException>(failure);
        Assert.Contains($"deeper than {DocxDocument.MaxXmlDepth} levels", refused.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDocumentException>(OnOneMegabyteStack(() => ExtractionInput.FromDocument(docx, "deep.docx", DocxDocument.MimeType)));
    }

    [Fact]
    public void Tables_nested_within_the_cap_still_convert_with_every_cell()
    {
        // 80 tables are 240 levels under the body: within the cap, far deeper than Word documents go.
        var docx = Docx(NestedTables(80), """<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>""");
        string? html = null;
        Assert.Null(OnOneMegabyteStack(() => html = DocxDocument.ToHtml(docx)));

        Assert.Equal(80, html!.Split("<table>").Length - 1);
        Assert.Contains("cell 0", html, StringComparison.Ordinal);
        Assert.Contains("cell 79", html, StringComparison.Ordinal);
        Assert.Contains("<p>Invoice Number: INV-7</p>", html, StringComparison.Ordinal);
    }
}
