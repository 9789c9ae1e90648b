using System.Text;
using AngleSharp.Html.Parser;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace ExtractApi.Extraction;

/// <summary>Thrown when an uploaded document cannot be read (a damaged PDF, say).</summary>
public sealed class InvalidDocumentException : Exception
{
    public InvalidDocumentException()
    {
    }

    public InvalidDocumentException(string message) : base(message)
    {
    }

    public InvalidDocumentException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
