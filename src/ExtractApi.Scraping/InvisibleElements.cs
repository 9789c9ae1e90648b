using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>Elements a reader never sees: they go from the Markdown and from the cleaned HTML alike.</summary>
internal static class InvisibleElements
{
    public static bool IsInvisible(IElement element)
    {
        switch (element.LocalName)
        {
            case "script" or "style" or "noscript" or "template" or "head" or "title" or "meta" or "link" or "base":
                return true;
        }

        if (element.Attributes.Length == 0)
        {
            return false;
        }

        if (element.HasAttribute("hidden"))
        {
            return true;
        }

        if (element.GetAttribute("aria-hidden") is { } ariaHidden && ariaHidden.Trim().Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return element.GetAttribute("style") is { } style && HidesElement(style);
    }

    /// <summary>True for inline styles with <c>display: none</c> or <c>visibility: hidden</c>, in any spacing or case.</summary>
    internal static bool HidesElement(string style) =>
        DeclarationIs(style, "display", "none") || DeclarationIs(style, "visibility", "hidden");

    private static bool DeclarationIs(string style, string property, string value)
    {
        var from = 0;
        while (true)
        {
            var at = style.IndexOf(property, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            from = at + property.Length;
            // "max-display" or "xdisplay" is another property.
            if (at > 0 && (char.IsAsciiLetterOrDigit(style[at - 1]) || style[at - 1] == '-'))
            {
                continue;
            }

            var i = from;
            while (i < style.Length && char.IsWhiteSpace(style[i]))
            {
                i++;
            }

            if (i == style.Length || style[i] != ':')
            {
                continue;
            }

            i++;
            while (i < style.Length && char.IsWhiteSpace(style[i]))
            {
                i++;
            }

            if (style.AsSpan(i).StartsWith(value, StringComparison.OrdinalIgnoreCase)
                && (i + value.Length == style.Length || !char.IsAsciiLetterOrDigit(style[i + value.Length])))
            {
                return true;
            }
        }
    }
}
