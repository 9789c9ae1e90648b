using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// What ends the content without belonging to the story, found walking back from its last text block (jusText's
/// edges): calls to action (<see cref="CallsToAction"/>), headings with nothing after them (the label of a list that
/// went as furniture: "You may also like", "Comments"), and lines too short to say anything ("Advert", "Share",
/// "Like Loading...") outside lists, tables and quotes. The walk stops at the first block that is none of these,
/// and nothing is removed when they are all the content holds.
/// </summary>
internal static class TrailingFurniture
{
    // Shorter than any sentence of a story: "Comments (+)", "Like Loading...", "sponsored links".
    private const int ShortLineLength = 20;

    /// <summary>Removes the trailing furniture of <paramref name="root"/>.</summary>
    public static void Remove(IElement root, Dictionary<IElement, BlockStats> stats)
    {
        RemoveEndNote(root, stats);
        var trailing = new List<(IElement Element, bool IsCall)>();
        // Backwards through the content (children before their parent), text block by text block.
        for (var element = LastDescendant(root); element is not null && element != root; element = Previous(element, root))
        {
            if (!stats.TryGetValue(element, out var block) || block.Text == 0 || block.OwnText == 0 || IsInline(element.LocalName))
            {
                continue;
            }

            var isCall = block.Titles == 0 && CallsToAction.IsShortCall(element, block);
            if (block.Titles > 0 || !(isCall || IsLabelOrShortLine(element, block)))
            {
                // Right under the title, a short line is the page's only text ("# T", "Text"): only calls go.
                var underTitle = block.Titles > 0;
                foreach (var (furniture, call) in trailing)
                {
                    if (call || !underTitle)
                    {
                        furniture.Remove();
                    }
                }

                return;
            }

            trailing.Add((element, isCall));
        }
    }

    /// <summary>
    /// What follows the content's last thematic break (<c>&lt;hr&gt;</c>) when the story stands before it (three
    /// paragraphs or more) and it is short beside the story (a third of its text at most, under 1,500 characters): a
    /// press release's "About the company", an author's note, a copyright line, "More stories". A break between the
    /// story's own sections is followed by more of it.
    /// </summary>
    private static void RemoveEndNote(IElement root, Dictionary<IElement, BlockStats> stats)
    {
        var breaks = root.GetElementsByTagName("hr");
        if (breaks.Length == 0)
        {
            return;
        }

        var thematicBreak = breaks[^1];
        var after = new List<INode>();
        int afterText = 0, afterTitles = 0, beforeText = 0, beforeParagraphs = 0;
        for (INode node = thematicBreak; node != root && node.Parent is { } parent; node = parent)
        {
            // By index over the parent's children: AngleSharp's NextSibling/PreviousSibling search the list at every
            // step (see Siblings), which made this quadratic on a page of many siblings.
            var siblings = parent.ChildNodes;
            var before = true;
            for (var i = 0; i < siblings.Length; i++)
            {
                PageWork.Check();
                var sibling = siblings[i];
                if (sibling == node)
                {
                    before = false;
                    continue;
                }

                var (text, paragraphs, titles) = Measure(sibling, stats);
                if (before)
                {
                    beforeText += text;
                    beforeParagraphs += paragraphs;
                }
                else
                {
                    after.Add(sibling);
                    afterText += text;
                    afterTitles += titles;
                }
            }
        }

        if (afterText == 0 || afterTitles > 0 || beforeParagraphs < 3 || afterText * 3 > beforeText || afterText >= 1500)
        {
            return;
        }

        foreach (var node in after)
        {
            node.Parent?.RemoveChild(node);
        }

        thematicBreak.Remove();
    }

    private static (int Text, int Paragraphs, int Titles) Measure(INode node, Dictionary<IElement, BlockStats> stats) => node switch
    {
        IElement element when stats.TryGetValue(element, out var block) => (block.Text, block.Paragraphs, block.Titles),
        IText text => (text.Data.Count(c => !char.IsWhiteSpace(c)), 0, 0),
        _ => (0, 0, 0),
    };

    private static bool IsLabelOrShortLine(IElement element, BlockStats block) =>
        element.LocalName is "h2" or "h3" or "h4" or "h5" or "h6"
        || (block.Text < ShortLineLength && element.Closest("li, td, th, dd, dt, blockquote, pre") is null);

    private static IElement LastDescendant(IElement element)
    {
        while (element.LastElementChild is { } last)
        {
            element = last;
        }

        return element;
    }

    /// <summary>The element before <paramref name="element"/> in reverse document order, children before their parent.</summary>
    private static IElement? Previous(IElement element, IElement root) =>
        element.PrecedingElement() is { } sibling ? LastDescendant(sibling) : element.ParentElement is var parent && parent != root ? parent : null;

    private static bool IsInline(string name) => name is "a" or "span" or "em" or "strong" or "b" or "i" or "u" or "small"
        or "time" or "abbr" or "cite" or "code" or "mark" or "sub" or "sup" or "font" or "img" or "br" or "wbr" or "svg";
}
