using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using ExtractApi.Scraping;

namespace ExtractApi.Extraction;

/// <summary>
/// Text of uploaded documents (PDF, HTML, plain text) as lines the extractor reads labels and
/// tables from. PDF words are regrouped into lines by their baseline, and a wide horizontal gap
/// becomes a column break (two spaces), so invoice tables keep their columns.
/// </summary>
public static class DocumentText
{
    /// <summary>Pages read from a PDF by default: enough for invoices and reports, bounded for a worker's time.</summary>
    public const int DefaultMaxPages = 200;

    /// <summary>Text of a PDF, page by page (the first <paramref name="maxPages"/>), one line per baseline.</summary>
    public static string FromPdf(byte[] pdf, int maxPages = DefaultMaxPages)
    {
        var text = new StringBuilder();
        try
        {
            using var document = PdfDocument.Open(pdf);
            foreach (var page in document.GetPages().Take(maxPages))
            {
                foreach (var line in PageLines(page))
                {
                    text.Append(line).Append('\n');
                }
                text.Append('\n');
            }
        }
        catch (Exception ex) when (ex is UglyToad.PdfPig.Core.PdfDocumentFormatException or InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidDocumentException($"The PDF could not be read: {ex.Message}", ex);
        }
        return text.ToString();
    }

    private static IEnumerable<string> PageLines(Page page)
    {
        var words = page.GetWords().Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        // Words whose baselines are within a few points belong to one line; lines run top to bottom.
        var lines = new List<List<Word>>();
        foreach (var word in words.OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left))
        {
            var line = lines.LastOrDefault();
            if (line is not null && Math.Abs(line[0].BoundingBox.Bottom - word.BoundingBox.Bottom) <= 3)
            {
                line.Add(word);
            }
            else
            {
                lines.Add([word]);
            }
        }
        foreach (var line in lines)
        {
            var text = new StringBuilder();
            Word? previous = null;
            foreach (var word in line.OrderBy(w => w.BoundingBox.Left))
            {
                if (previous is not null)
                {
                    var gap = word.BoundingBox.Left - previous.BoundingBox.Right;
                    var fontSize = Math.Max(previous.Letters.Count > 0 ? previous.Letters[0].PointSize : 10, 1);
                    text.Append(gap > fontSize * 1.2 ? "  " : " ");
                }
                text.Append(word.Text);
                previous = word;
            }
            yield return text.ToString();
        }
    }

    /// <summary>The visible text of an HTML document, one line per block.</summary>
    public static string FromHtml(string html)
    {
        var document = HtmlDocumentParser.Parse(html);
        return document.Body is null ? "" : string.Join('\n', PageEvidence.RenderLines(document.Body));
    }

    /// <summary>Plain text in UTF-8 (with or without a byte order mark).</summary>
    public static string FromPlainText(byte[] content) => new UTF8Encoding(false).GetString(content).TrimStart('\uFEFF');

    /// <summary>True when the bytes start like a PDF file.</summary>
    public static bool IsPdf(ReadOnlySpan<byte> content) => content.StartsWith("%PDF-"u8);

    /// <summary>True when the upload is HTML by its content type, name or first characters.</summary>
    public static bool IsHtml(byte[] content, string? fileName, string? contentType)
    {
        if (contentType?.Contains("html", StringComparison.OrdinalIgnoreCase) == true
            || fileName?.EndsWith(".html", StringComparison.OrdinalIgnoreCase) == true
            || fileName?.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }
        var head = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 512)).TrimStart('\uFEFF').TrimStart();
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
