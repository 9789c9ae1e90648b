using AngleSharp.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.Extraction;

/// <summary>
/// The text of a page's main content, for long text fields (an article's body): the scraping library's
/// main-content extraction (navigation, headers, footers, sidebars and ads removed) on a copy of the
/// page, rendered as lines, one per block.
/// </summary>
internal static class MainContentText
{
    public static string? Read(IDocument document)
    {
        if (document.Body is not { } body)
        {
            return null;
        }
        // The extraction removes page furniture from what it is given: it works on a copy.
        var copy = (IElement)body.Clone(deep: true);
        var content = MainContent.Extract(copy);
        var text = string.Join('\n', PageEvidence.RenderLines(content).Select(l => l.Replace('\t', ' ')));
        return text.Length > 0 ? text : null;
    }
}
