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
    private static bool IsProse(string line) => line.Count(c => c == ' ') >= 11 && line.Any(c => c is '.' or '!' or '?' or '。');

    public static string? Read(IDocument document)
    {
        if (document.Body is not { } body)
        {
            return null;
        }
        // The extraction removes page furniture from what it is given: it works on a copy.
        var copy = (IElement)body.Clone(deep: true);
        var content = MainContent.Extract(copy);
        var lines = PageEvidence.RenderLines(content).Select(l => l.Replace('\t', ' ')).ToList();
        // The headline, byline, date and "Skip navigation" above the first paragraph, and tags and share
        // links below the last, are not the body: it runs from the first line of prose to the last.
        var first = lines.FindIndex(IsProse);
        var last = lines.FindLastIndex(IsProse);
        // Only when what is cut is a small part: a body of short lines (poems, <br>-separated text) stays whole.
        var total = lines.Sum(l => l.Length);
        if (first >= 0 && lines.Take(first).Sum(l => l.Length) + lines.Skip(last + 1).Sum(l => l.Length) <= total / 5)
        {
            lines = lines.GetRange(first, last - first + 1);
        }
        var text = string.Join('\n', lines);
        return text.Length > 0 ? text : null;
    }
}
