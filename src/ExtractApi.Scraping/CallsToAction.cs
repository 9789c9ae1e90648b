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

    /// <summary>A block of at most 300 characters holding a call to action: furniture where it ends the content (<see cref="TrailingFurniture"/>).</summary>
    public static bool IsShortCall(IElement element, BlockStats block) => block.Text <= MaximumLength && IsCallToAction(element.TextContent);

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
}
