using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>Elements a reader never sees: they go from the Markdown and from the cleaned HTML alike.</summary>
internal static class InvisibleElements
{
    public static bool IsInvisible(IElement element) => IsUnseen(element, out var offScreenOnly) && !offScreenOnly;

    // Class names that by convention hide an element (CSS frameworks' utilities, screen-reader-only text).
    private static readonly HashSet<string> HidingClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "hidden", "hide", "is-hidden", "d-none", "invisible", "sr-only", "visually-hidden", "visuallyhidden",
        "screen-reader-text", "screen-reader-only", "screenreader-only", "offscreen", "off-screen", "element-invisible",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> HidingClassLookup =
        HidingClasses.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Elements a sighted reader does not see although they are rendered: pushed off-screen by an inline
    /// style (<c>left:-9999px</c>, <c>text-indent:-9999px</c>) or hidden by a conventional class name.
    /// Main content leaves them out; the whole page (<c>onlyMainContent=false</c>) keeps them.
    /// True also for what <see cref="IsInvisible"/> finds (then <paramref name="offScreenOnly"/> is false); one pass over the attributes decides both.
    /// </summary>
    public static bool IsUnseen(IElement element, out bool offScreenOnly)
    {
        offScreenOnly = false;
        switch (element.LocalName)
        {
            case "script" or "style" or "noscript" or "template" or "head" or "title" or "meta" or "link" or "base":
                return true;
        }

        var attributes = element.Attributes;
        var unseen = false;
        for (var i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i]!;
            switch (attribute.LocalName)
            {
                case "hidden":
                    return true;
                case "aria-hidden" when attribute.Value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase):
                    return true;
                case "style":
                    if (HidesElement(attribute.Value))
                    {
                        return true;
                    }

                    unseen |= IsPlacedOffScreen(attribute.Value);
                    break;
                case "class":
                    unseen |= HasHidingClass(attribute.Value);
                    break;
            }
        }

        offScreenOnly = unseen;
        return unseen;
    }

    private static bool HasHidingClass(string classes)
    {
        foreach (var range in classes.AsSpan().SplitAny(" \t\n\r\f"))
        {
            if (HidingClassLookup.Contains(classes.AsSpan(range)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPlacedOffScreen(string style) =>
        style.Contains('-') && (FarNegative(style, "left") || FarNegative(style, "top") || FarNegative(style, "text-indent") || FarNegative(style, "margin-left"));

    /// <summary><c>property: -999px</c> or further (in any unit): the element is placed outside the page.</summary>
    private static bool FarNegative(string style, string property)
    {
        for (var from = 0; NextValue(style, property, ref from) is var i and >= 0;)
        {
            if (i < style.Length && style[i] == '-')
            {
                var value = 0L;
                for (i++; i < style.Length && char.IsAsciiDigit(style[i]) && value < 1_000_000; i++)
                {
                    value = value * 10 + (style[i] - '0');
                }

                if (value >= 999 && (i == style.Length || style[i] != '%'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True for inline styles with <c>display: none</c> or <c>visibility: hidden</c>, in any spacing or case.</summary>
    internal static bool HidesElement(string style) =>
        DeclarationIs(style, "display", "none") || DeclarationIs(style, "visibility", "hidden");

    private static bool DeclarationIs(string style, string property, string value)
    {
        for (var from = 0; NextValue(style, property, ref from) is var i and >= 0;)
        {
            if (style.AsSpan(i).StartsWith(value, StringComparison.OrdinalIgnoreCase)
                && (i + value.Length == style.Length || !char.IsAsciiLetterOrDigit(style[i + value.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Where the value of the next <paramref name="property"/> declaration at or after <paramref name="from"/>
    /// starts (past the colon and spaces), or −1; <paramref name="from"/> moves past the property's name.
    /// </summary>
    private static int NextValue(string style, string property, ref int from)
    {
        while (true)
        {
            var at = style.IndexOf(property, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
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

            return i;
        }
    }
}
