using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace ExtractApi.Scraping.Documents;

/// <summary>The text of a PDF, page by page, through PdfPig (no OCR: a PDF without a text layer gives no text).</summary>
public static class PdfText
{
    /// <exception cref="InvalidDataException">The bytes are not a readable PDF.</exception>
    public static string Extract(byte[] pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            var text = new StringBuilder();
            foreach (var page in document.GetPages())
            {
                if (text.Length > 0) text.Append("\n\n");
                text.Append(ContentOrderTextExtractor.GetText(page).Trim());
            }
            return text.ToString();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"The PDF could not be read: {e.Message}", e);
        }
    }
}
