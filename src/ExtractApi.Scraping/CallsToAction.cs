using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// Lines that speak to the reader instead of telling the story: "Sign up for our daily newsletter", "Follow us
/// on Twitter", "Click here to get the app", "Like this story? Share it with a friend!", "Write to the author at
/// name@example.com". Only short blocks, only when the call stands where an imperative does (the start of a
/// sentence), so a paragraph that reports that "voters can sign up until Friday" stays; and only at the very end
/// of the content, or anywhere when the call is a link ("Click here to subscribe to our newsletter").
/// </summary>
internal static partial class CallsToAction
{
    private const int MaximumLength = 300;

    private const int MaximumLinkedLength = 200;

    // Calls at the start of a sentence; a contact line names an e-mail address.
    [GeneratedRegex(
        @"(?:^|[.!?…:]\s+)(?:(?:click|tap)\s+here|sign\s+up|subscribe\b|join\s+(?:us|our)\b|share\s+(?:it|this)\b|like\s+this\s+(?:story|article|post)\b"
        + @"|follow\s+[^.!?]{0,60}?(?:twitter|facebook|instagram|youtube|linkedin|tiktok|coverage|@\w)"
        + @"|download\s+(?:our|the)\s+[^.!?]{0,40}?\bapp\b|get\s+(?:our|the)\s+[^.!?]{0,40}?\bapp\b"
        + @"|(?:write\s+to|e-?mail|contact)\b[^.!?]{0,60}?[\w.+-]+@[\w-]+\.[\w.]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 200)]
    private static partial Regex CallToAction();

    /// <summary>A short block whose call to action is a link: a prompt wherever it stands.</summary>
    public static bool IsLinkedCall(IElement element, BlockStats block) =>
        block.Links > 0 && block.Text <= MaximumLinkedLength && block.LinkDensity >= 0.2 && block.Titles == 0
        && IsCallToAction(element.TextContent);

    /// <summary>Removes the calls to action that end <paramref name="root"/>; nothing when they are all it holds.</summary>
    public static void RemoveTrailing(IElement root, Dictionary<IElement, BlockStats> stats)
    {
        var calls = new List<IElement>();
        // Backwards through the content (children before their parent), text block by text block.
        for (var element = LastDescendant(root); element is not null && element != root; element = Previous(element, root))
        {
            if (!stats.TryGetValue(element, out var block) || block.Text == 0 || block.OwnText == 0 || IsInline(element.LocalName))
            {
                continue;
            }

            if (block.Text > MaximumLength || block.Titles > 0 || !IsCallToAction(element.TextContent))
            {
                foreach (var call in calls)
                {
                    call.Remove();
                }

                return;
            }

            calls.Add(element);
        }
    }

    private static bool IsCallToAction(string text)
    {
        try
        {
            return CallToAction().IsMatch(text.Trim());
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

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
