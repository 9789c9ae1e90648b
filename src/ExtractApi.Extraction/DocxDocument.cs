using System.Net;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace ExtractApi.Extraction;

/// <summary>
/// Word documents (DOCX) through the Open XML SDK, rendered as HTML so the extractor reads them like a page: headings
/// (by outline level, from the paragraph or its style) become <c>h1</c>–<c>h6</c>, tables become tables (rows marked as
/// header rows in Word become <c>th</c> cells), list paragraphs become list items, and every other paragraph a
/// <c>p</c>. Labels ("Invoice Number: INV-1"), two-column label tables and item tables are then found as in HTML.
/// </summary>
public static class DocxDocument
{
    public const string MimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>True when the upload says it is a DOCX (content type or name), or is a ZIP package (every DOCX is one).</summary>
    public static bool IsDocx(ReadOnlySpan<byte> content, string? fileName, string? contentType) =>
        string.Equals(contentType?.Split(';')[0].Trim(), MimeType, StringComparison.OrdinalIgnoreCase)
        || fileName?.EndsWith(".docx", StringComparison.OrdinalIgnoreCase) == true
        || content.StartsWith("PK\u0003\u0004"u8);

    /// <summary>The document body as HTML; a file that is not a readable DOCX throws <see cref="InvalidDocumentException"/>.</summary>
    public static string ToHtml(byte[] docx)
    {
        try
        {
            using var stream = new MemoryStream(docx, writable: false);
            using var document = WordprocessingDocument.Open(stream, false);
            var main = document.MainDocumentPart ?? throw new InvalidDocumentException("The DOCX has no main document part.");
            CheckDepth(main);
            var body = main.Document?.Body ?? throw new InvalidDocumentException("The DOCX has no document body.");
            var html = new StringBuilder("<!doctype html><html><body>\n");
            if (main.StyleDefinitionsPart is { } stylesPart) CheckDepth(stylesPart);
            var styles = new StyleLevels(main.StyleDefinitionsPart?.Styles);
            WriteBlocks(body.ChildElements, styles, html);
            return html.Append("</body></html>\n").ToString();
        }
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or InvalidOperationException
                                      or XmlException)
        {
            throw new InvalidDocumentException($"The DOCX could not be read: {e.Message}", e);
        }
    }

    /// <summary>
    /// How deep the XML of a part read here may nest. The Open XML SDK loads a part's elements by recursion, a few
    /// hundred bytes of stack per level, and so do the table and content-control walks below: a 4 KB upload of tables
    /// nested 1,000 deep (3,000 levels) overflowed a 1 MB stack, which ends the process. Word's own documents stay far
    /// below this (a table inside a cell adds three levels, a text box in a drawing about twenty); a deeper part is
    /// refused before it is loaded, as an unreadable document.
    /// </summary>
    public const int MaxXmlDepth = 256;

    /// <summary>Reads the part's XML once as a stream (no recursion) and refuses it when it nests deeper than <see cref="MaxXmlDepth"/>.</summary>
    private static void CheckDepth(OpenXmlPart part)
    {
        using var stream = part.GetStream(FileMode.Open, FileAccess.Read);
        using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth > MaxXmlDepth)
            {
                throw new InvalidDocumentException($"The DOCX could not be read: its XML ({part.Uri}) nests deeper than {MaxXmlDepth} levels.");
            }
        }
    }

    /// <summary>The visible text of a DOCX, one line per block (for the LLM and for search).</summary>
    public static string ToText(byte[] docx) => DocumentText.FromHtml(ToHtml(docx));

    private static void WriteBlocks(IEnumerable<OpenXmlElement> blocks, StyleLevels styles, StringBuilder html)
    {
        var inList = false;
        foreach (var block in blocks)
        {
            var listItem = block is Paragraph { ParagraphProperties.NumberingProperties: not null };
            if (inList && !listItem)
            {
                html.Append("</ul>\n");
                inList = false;
            }
            switch (block)
            {
                case Paragraph paragraph:
                    var text = ParagraphHtml(paragraph);
                    if (text.Length == 0) break;
                    if (listItem)
                    {
                        if (!inList) html.Append("<ul>\n");
                        inList = true;
                        html.Append("<li>").Append(text).Append("</li>\n");
                    }
                    else if (styles.HeadingLevel(paragraph) is { } level)
                    {
                        html.Append("<h").Append(level).Append('>').Append(text).Append("</h").Append(level).Append(">\n");
                    }
                    else
                    {
                        html.Append("<p>").Append(text).Append("</p>\n");
                    }
                    break;
                case Table table:
                    WriteTable(table, styles, html);
                    break;
                case SdtBlock { SdtContentBlock: { } content }:
                    WriteBlocks(content.ChildElements, styles, html);
                    break;
            }
        }
        if (inList) html.Append("</ul>\n");
    }

    private static void WriteTable(Table table, StyleLevels styles, StringBuilder html)
    {
        html.Append("<table>\n");
        foreach (var row in table.Elements<TableRow>())
        {
            var header = row.TableRowProperties?.GetFirstChild<TableHeader>() is not null;
            html.Append("<tr>");
            foreach (var cell in row.Elements<DocumentFormat.OpenXml.Wordprocessing.TableCell>())
            {
                var tag = header ? "th" : "td";
                // A cell holds paragraphs (and sometimes nested tables): its paragraphs become lines of one cell.
                var lines = cell.Elements<Paragraph>().Select(ParagraphHtml).Where(l => l.Length > 0);
                html.Append('<').Append(tag).Append('>').Append(string.Join("<br>", lines));
                foreach (var nested in cell.Elements<Table>()) WriteTable(nested, styles, html);
                html.Append("</").Append(tag).Append('>');
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static string ParagraphHtml(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t:
                    text.Append(WebUtility.HtmlEncode(t.Text));
                    break;
                case TabChar:
                    text.Append("  ");
                    break;
                case Break or CarriageReturn:
                    text.Append("<br>");
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
            }
        }
        return text.ToString().Trim();
    }

    /// <summary>Heading levels: the paragraph's own outline level, else its style's (following <c>basedOn</c>), else a
    /// style named "heading N" or "Title" (style ids are localised, names are not).</summary>
    private sealed class StyleLevels(Styles? styles)
    {
        private readonly Dictionary<string, Style> _byId = styles?.Elements<Style>().Where(s => s.StyleId?.Value is not null)
            .GroupBy(s => s.StyleId!.Value!).ToDictionary(g => g.Key, g => g.First()) ?? [];

        public int? HeadingLevel(Paragraph paragraph)
        {
            if (paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is { } own) return Level(own);
            var styleId = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            for (var depth = 0; styleId is not null && depth < 10; depth++)
            {
                if (!_byId.TryGetValue(styleId, out var style)) return NamedLevel(styleId);
                if (style.StyleParagraphProperties?.OutlineLevel?.Val?.Value is { } level) return Level(level);
                if (NamedLevel(style.StyleName?.Val?.Value) is { } named) return named;
                styleId = style.BasedOn?.Val?.Value;
            }
            return null;
        }

        // Word's outline levels run 0-8 for headings 1-9; 9 is body text.
        private static int? Level(int outlineLevel) => outlineLevel is >= 0 and < 9 ? Math.Min(outlineLevel + 1, 6) : null;

        private static int? NamedLevel(string? name)
        {
            if (name is null) return null;
            if (name.Equals("Title", StringComparison.OrdinalIgnoreCase)) return 1;
            var compact = name.Replace(" ", "", StringComparison.Ordinal);
            return compact.StartsWith("heading", StringComparison.OrdinalIgnoreCase) && int.TryParse(compact["heading".Length..], out var n) && n is >= 1 and <= 9
                ? Math.Min(n, 6)
                : null;
        }
    }
}
