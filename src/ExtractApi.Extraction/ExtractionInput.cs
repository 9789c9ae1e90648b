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

/// <summary>
/// Quality of one extraction. Completeness = filled declared leaf fields / declared leaf fields
/// (a leaf counts as filled when it holds a valid value; array item properties count once, when
/// any item has them). Validation = valid values / values found (a value found but not coercible
/// or not valid against the schema is kept out of the data and counts against it; 0 when nothing
/// was found). Composite = 0.6 · completeness + 0.4 · validation: what was found matters more than
/// how clean it was, but a page of unusable values still scores low.
/// </summary>
public sealed record QualityScores(
    double Completeness,
    double Validation,
    double Composite,
    int DeclaredFields,
    int FilledFields,
    int FoundValues,
    int ValidValues)
{
    public const double CompletenessWeight = 0.6;
    public const double ValidationWeight = 0.4;

    public static QualityScores From(int declaredFields, int filledFields, int foundValues, int validValues)
    {
        var completeness = declaredFields == 0 ? 0 : (double)filledFields / declaredFields;
        var validation = foundValues == 0 ? 0 : (double)validValues / foundValues;
        var composite = (CompletenessWeight * completeness) + (ValidationWeight * validation);
        return new QualityScores(Math.Round(completeness, 4), Math.Round(validation, 4), Math.Round(composite, 4), declaredFields, filledFields, foundValues, validValues);
    }
}

/// <summary>The result of filling a schema from one page, document or (after <see cref="ExtractionMerge"/>) several.</summary>
/// <param name="Data">The filled object: only values that coerced and validated; fields not found are absent.</param>
/// <param name="Sources">Field path ("price", "vendor.name", "line_items") → the source its value came from (<see cref="ExtractionSources"/>); arrays are credited as a whole.</param>
/// <param name="Quality">Completeness, validation and composite scores with their counts.</param>
/// <param name="Warnings">Values found but unusable, and required fields not found, each led by its field path.</param>
public sealed record ExtractionOutcome(
    JsonObject Data,
    IReadOnlyDictionary<string, string> Sources,
    QualityScores Quality,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The page the data came from (single-page outcomes).</summary>
    public string? Url { get; init; }

    /// <summary>For each filled field path, the URLs its value came from (Firecrawl's <c>sources</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SourceUrls { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
