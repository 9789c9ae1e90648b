using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>
/// Whether a reader sees an element: not when it is <c>hidden</c>, <c>aria-hidden</c>, styled
/// <c>display:none</c> / <c>visibility:hidden</c>, moved off-screen or clipped to nothing, or
/// carries one of the common visually-hidden utility classes (sr-only, visually-hidden...).
/// Values are read from what a reader sees.
/// </summary>
internal static class Visibility
{
    private static readonly HashSet<string> HiddenClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only", "screenreader-only",
        "a11y-hidden", "element-invisible", "offscreen", "off-screen", "hidden", "is-hidden", "d-none", "hide", "u-hidden", "u-visually-hidden",
    };

    public static bool IsHidden(IElement element)
    {
        // One pass over the attributes (most elements have none or only a class), not a lookup per attribute name.
        var attributes = element.Attributes;
        for (var i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i]!;
            var hides = attribute.Name switch
            {
                "hidden" => true,
                "aria-hidden" => string.Equals(attribute.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase),
                "class" => attribute.Value.Length > 0 && MayNameHiding(attribute.Value) && NamesHidingClass(attribute.Value),
                "style" => attribute.Value.Length > 0 && HidesByStyle(attribute.Value),
                _ => false,
            };
            if (hides)
            {
                return true;
            }
        }
        return false;
    }

    private static bool NamesHidingClass(string classes)
    {
        foreach (var name in classes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (HiddenClasses.Contains(name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A cheap first look before the class list is split: every hiding class has one of these in it.</summary>
    private static bool MayNameHiding(string classes) =>
        classes.Contains("hid", StringComparison.OrdinalIgnoreCase) || classes.Contains("sr-", StringComparison.OrdinalIgnoreCase)
        || classes.Contains("screen", StringComparison.OrdinalIgnoreCase) || classes.Contains("none", StringComparison.OrdinalIgnoreCase)
        || classes.Contains("invisible", StringComparison.OrdinalIgnoreCase);

    /// <summary>An element or any of its ancestors hidden.</summary>
    public static bool IsHiddenWithAncestors(IElement element)
    {
        for (var current = element; current is not null; current = current.ParentElement)
        {
            if (IsHidden(current))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary><c>display:none</c>, <c>visibility:hidden</c>, a large negative offset (<c>left:-9999px</c>), or <c>clip: rect(0 0 0 0)</c>.</summary>
    internal static bool HidesByStyle(string style)
    {
        if (!style.Contains("none", StringComparison.OrdinalIgnoreCase) && !style.Contains("hidden", StringComparison.OrdinalIgnoreCase)
            && !style.Contains('-', StringComparison.Ordinal) && !style.Contains("rect", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var compact = string.Concat(style.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
        if (compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal)
            || compact.Contains("clip:rect(0000)", StringComparison.Ordinal) || compact.Contains("clip:rect(0,0,0,0)", StringComparison.Ordinal)
            || compact.Contains("clip:rect(1px,1px,1px,1px)", StringComparison.Ordinal) || compact.Contains("clip:rect(1px1px1px1px)", StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var property in new[] { "left:-", "top:-", "text-indent:-" })
        {
            var at = compact.IndexOf(property, StringComparison.Ordinal);
            if (at >= 0 && (at == 0 || compact[at - 1] is ';' or '{'))
            {
                var digits = new string([.. compact.Skip(at + property.Length).TakeWhile(char.IsAsciiDigit)]);
                if (digits.Length >= 4)
                {
                    return true; // -1000px and further: off-screen.
                }
            }
        }
        return false;
    }
}
