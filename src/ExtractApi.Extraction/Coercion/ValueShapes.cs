using System.Text.RegularExpressions;

namespace ExtractApi.Extraction;

/// <summary>Values that must have a field's shape: an ISBN of the length the field names, a person's name for an author.</summary>
internal static partial class ValueShapes
{
    /// <summary>
    /// The ISBN in the text with the field's length: 13 digits for an "isbn_13" field (or one whose description
    /// says 13), 10 for "isbn_10"; either for a plain "isbn", the 13-digit one first. Returned as printed ("978-0-316-12558-1").
    /// </summary>
    public static string? Isbn(string text, SchemaField field)
    {
        var wants13 = field.Terms.Words.Contains("13") || (field.Description?.Contains("13", StringComparison.Ordinal) ?? false);
        var wants10 = !wants13 && (field.Terms.Words.Contains("10") || (field.Description?.Contains("10-digit", StringComparison.OrdinalIgnoreCase) ?? false));
        string? ten = null;
        foreach (Match match in IsbnDigits().Matches(text))
        {
            var digits = string.Concat(match.Value.Where(c => char.IsAsciiDigit(c) || c is 'X' or 'x')).ToUpperInvariant();
            if (digits.Length == 13 && digits.StartsWith("97", StringComparison.Ordinal) && !wants10)
            {
                return match.Value.Trim(' ', '-');
            }
            if (digits.Length == 10)
            {
                ten ??= match.Value.Trim(' ', '-');
            }
        }
        return wants13 ? null : ten;
    }

    /// <summary>
    /// A person's name as a byline prints it, without what surrounds it there: "By Jane Doe" → "Jane Doe";
    /// "Jane Doe @janedoe", "Jane Doe 2 hours ago", "Jane Doe, Senior Editor", "Jane Doe | Reuters" → "Jane Doe".
    /// </summary>
    public static string PersonNames(string text)
    {
        var name = Handle().Replace(text, " ");
        name = LeadingBy().Replace(name.Trim(), "");
        name = Ago().Replace(name, "");
        var cut = name.IndexOfAny(['|', '•', '·', '\n']);
        if (cut > 0)
        {
            name = name[..cut];
        }
        var comma = name.IndexOf(',', StringComparison.Ordinal);
        if (comma > 0 && JobTitle().IsMatch(name[(comma + 1)..]))
        {
            name = name[..comma];
        }
        name = TrailingDate().Replace(name, "");
        return ValueCoercion.CollapseWhitespace(name).Trim(' ', '-', '–', '—', ':', ',');
    }

    [GeneratedRegex(@"(?:97[89][\s-]?)?\d[\d\s-]{7,15}[\dXx]")]
    private static partial Regex IsbnDigits();

    [GeneratedRegex(@"(?<![\w.])@\w+")]
    private static partial Regex Handle();

    [GeneratedRegex(@"^(?:(?:written|posted|reported|words|story|text)\s+)?by\b\s*:?\s*|^(?:author|authors|byline)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingBy();

    [GeneratedRegex(@"\b(?:updated\s+|published\s+|posted\s+)?(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago\b.*$|\b(?:just now|yesterday|today)\b.*$", RegexOptions.IgnoreCase)]
    private static partial Regex Ago();

    [GeneratedRegex(@"\b(?:editor|reporter|correspondent|writer|staff|contributor|columnist|senior|chief|journalist|producer|analyst|critic|director|manager|intern|author of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex JobTitle();

    [GeneratedRegex(@"\s+(?:on\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d{4}-\d{2}-\d{2}).*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingDate();
}
