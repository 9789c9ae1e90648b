using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>What to extract from: an HTML page (with the URL it came from) or a document's text.</summary>
public sealed record ExtractionInput
{
    private ExtractionInput()
    {
    }

    /// <summary>The HTML of a page, when the input is one.</summary>
    public string? Html { get; private init; }

    /// <summary>The text of a document (PDF, plain text), when the input is one.</summary>
    public string? Text { get; private init; }

    /// <summary>Where the page came from: resolves relative links and names the source in merged results.</summary>
    public string? Url { get; private init; }

    public static ExtractionInput FromHtml(string html, string? url = null) => new() { Html = html, Url = url };

    public static ExtractionInput FromText(string text, string? url = null) => new() { Text = text, Url = url };

    /// <summary>An uploaded document: PDF text through PdfPig, DOCX through the Open XML SDK (read as HTML), HTML as a
    /// page, anything else as UTF-8 text.</summary>
    public static ExtractionInput FromDocument(byte[] content, string? fileName = null, string? contentType = null)
    {
        if (DocumentText.IsPdf(content))
        {
            return FromText(DocumentText.FromPdf(content), fileName);
        }
        if (DocxDocument.IsDocx(content, fileName, contentType))
        {
            return FromHtml(DocxDocument.ToHtml(content), fileName);
        }
        var text = DocumentText.FromPlainText(content);
        return DocumentText.IsHtml(content, fileName, contentType) ? FromHtml(text, fileName) : FromText(text, fileName);
    }
}
