using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ExtractApi.Extraction;

/// <summary>
/// Turns the text found on a page into the value a schema asks for. Each reader takes the first
/// value of its kind in the text, so labels and units around it ("$1,299.00", "3 items",
/// "Issued on 15 March 2024") do not matter.
/// </summary>
/// <remarks>
/// Documented choices: "15%" reads as 15 (the number as written, not 0.15); with a single
/// separator, "1,234" and "1.234.567" are thousands while "12,50" and "1.234" are decimals
/// (except for whole-number fields, where "1.234" is 1234); "1.2k" and "3M" are multiplied out;
/// numeric dates are month-first (US) unless the first part is over 12 or the separator is a dot
/// (15.03.2024, European); date-times without a zone are UTC.
/// </remarks>
public static partial class ValueCoercion
{
    [GeneratedRegex(@"\d{1,3}(?:[ \u00A0\u202F']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)*", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    /// <summary>Reads the first number in the text: currency symbols and codes, thousands separators (1,234.56 and 1.234,56), signs and parentheses.</summary>
    public static bool TryNumber(string text, out decimal value)
    {
        value = 0;
        var match = NumberPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        var digits = match.Value.Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
            .Replace("\u202F", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
        var lastDot = digits.LastIndexOf('.');
        var lastComma = digits.LastIndexOf(',');
        if (lastDot >= 0 && lastComma >= 0)
        {
            // Both present: the later one is the decimal mark.
            digits = lastDot > lastComma
                ? digits.Replace(",", "", StringComparison.Ordinal)
                : digits.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        else if (lastComma >= 0)
        {
            var groups = digits.Split(',');
            var thousands = groups.Length > 2 || (groups[0].Length <= 3 && groups[1].Length == 3);
            digits = thousands ? digits.Replace(",", "", StringComparison.Ordinal) : digits.Replace(',', '.');
        }
        else if (lastDot >= 0 && digits.Count(c => c == '.') > 1)
        {
            digits = digits.Replace(".", "", StringComparison.Ordinal);
        }
        if (!decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        var before = text[..match.Index];
        var negative = before.TrimEnd().EndsWith('-') || before.TrimEnd().EndsWith('\u2212')
            || before.Trim() is "-$" or "-€" or "-£" or "$-" || (before.Contains('(', StringComparison.Ordinal) && text.AsSpan(match.Index + match.Length).TrimStart().StartsWith(")"));
        if (negative)
        {
            value = -value;
        }
        // "1.2k followers", "$3.5M": a thousand or million suffix right after the number, not a unit ("5 km", "2 kg").
        var after = text.AsSpan(match.Index + match.Length).TrimStart();
        if (after.Length > 0 && (after.Length == 1 || !char.IsLetter(after[1])))
        {
            value *= after[0] switch
            {
                'k' or 'K' => 1_000,
                'M' => 1_000_000,
                _ => 1,
            };
        }
        return true;
    }

    [GeneratedRegex(@"^\d{1,3}\.\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex EuropeanThousands();

    /// <summary>Reads a whole number: "3 items" → 3, "1,204 reviews" → 1204, "3.0" → 3; "3.5" is not one.</summary>
    public static bool TryInteger(string text, out long value)
    {
        value = 0;
        if (!TryNumber(text, out var number))
        {
            return false;
        }
        if (number != decimal.Truncate(number) && NumberPattern().Match(text).Value is var written && EuropeanThousands().IsMatch(written))
        {
            // A count is whole, so "1.234 Bewertungen" is 1234, not 1.234.
            number = decimal.Parse(written.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        }
        if (number != decimal.Truncate(number) || number > long.MaxValue || number < long.MinValue)
        {
            return false;
        }
        value = (long)number;
        return true;
    }

    private static readonly HashSet<string> TrueWords = new(StringComparer.Ordinal)
    {
        "true", "yes", "y", "1", "on", "instock", "available", "checked", "enabled", "included", "✓", "✔",
        "limitedavailability", "onlineonly", "instoreonly", "preorder", "presale", "active", "in stock",
    };

    private static readonly HashSet<string> FalseWords = new(StringComparer.Ordinal)
    {
        "false", "no", "n", "0", "off", "outofstock", "soldout", "unavailable", "notavailable", "discontinued",
        "none", "disabled", "✗", "✘", "inactive", "backorder", "notinstock",
    };

    /// <summary>Reads yes/no, true/false, 1/0 and stock words ("In stock", "https://schema.org/OutOfStock", "Sold out").</summary>
    public static bool TryBoolean(string text, out bool value)
    {
        var word = FieldNameMatch.Joined(LastUrlSegment(text.Trim()));
        if (word.Length == 0)
        {
            word = text.Trim();
        }
        // "Yes, fully waterproof": the first word alone may say it.
        var textWords = FieldNameMatch.Words(text);
        var firstWord = textWords.Count > 0 ? textWords[0] : "";
        foreach (var (words, meaning) in new[] { (FalseWords, false), (TrueWords, true) })
        {
            if (words.Contains(word) || (firstWord is "yes" or "no" or "true" or "false" && words.Contains(firstWord))
                || words.Any(w => w.Length >= 6 && word.StartsWith(w, StringComparison.Ordinal)))
            {
                value = meaning;
                return true;
            }
        }
        value = false;
        return false;
    }

    private static string LastUrlSegment(string text) =>
        text.StartsWith("http", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Segments.Length > 1
            ? uri.Segments[^1].Trim('/')
            : text;

    /// <summary>Matches an enum option ignoring case, spacing and a schema.org URL prefix; else the one option named as a word in the text.</summary>
    public static string? MatchEnum(string text, IReadOnlyList<string> options)
    {
        var joined = FieldNameMatch.Joined(LastUrlSegment(text.Trim()));
        var exact = options.FirstOrDefault(o => FieldNameMatch.Joined(o) == joined && joined.Length > 0)
            ?? options.FirstOrDefault(o => string.Equals(o, text.Trim(), StringComparison.OrdinalIgnoreCase));
        if (exact is not null)
        {
            return exact;
        }
        var words = FieldNameMatch.Words(text);
        var named = options.Where(o =>
        {
            var optionWords = FieldNameMatch.Words(o);
            return optionWords.Count > 0 && ContainsRun(words, optionWords);
        }).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    private static bool ContainsRun(IReadOnlyList<string> words, IReadOnlyList<string> run)
    {
        for (var start = 0; start + run.Count <= words.Count; start++)
        {
            var all = true;
            for (var i = 0; i < run.Count && all; i++)
            {
                all = words[start + i] == run[i];
            }
            if (all)
            {
                return true;
            }
        }
        return false;
    }

    // English, German, French and Spanish month names; a word names a month when it starts one or
    // more of these and they all agree ("mar" → March, mars, marzo; "Marchland" names none).
    private static readonly (string Name, int Month)[] MonthNames =
    [
        .. new[] { "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december" }.Select((n, i) => (n, i + 1)),
        .. new[] { "januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember" }.Select((n, i) => (n, i + 1)),
        .. new[] { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre" }.Select((n, i) => (n, i + 1)),
        .. new[] { "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre" }.Select((n, i) => (n, i + 1)),
    ];

    [GeneratedRegex(@"(?<y>\d{4})[-/.](?<m>\d{1,2})[-/.](?<d>\d{1,2})(?:[T ](?<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?<zone>Z|[+-]\d{2}:?\d{2}|UTC|GMT)?)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"\b(?<a>\d{1,2})(?<sep>[/.\-])(?<b>\d{1,2})\k<sep>(?<y>\d{4}|\d{2})\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumericDatePattern();

    [GeneratedRegex(@"\b(?<d>\d{1,2})(?:st|nd|rd|th|er|\.)?(?:\s+de)?[\s\-/]+(?<mon>\p{L}{3,10})\.?,?(?:\s+de)?[\s\-/]+(?<y>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYearPattern();

    [GeneratedRegex(@"\b(?<mon>\p{L}{3,10})\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y>\d{4})\b", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDayYearPattern();

    [GeneratedRegex(@"(?<h>\d{1,2}):(?<min>\d{2})(?::(?<s>\d{2}))?\s*(?<ampm>[AaPp][Mm])?\s*(?<zone>Z|[+-]\d{2}:?\d{2}|UTC|GMT)?", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    /// <summary>Reads a calendar date in ISO, numeric (15/03/2024, 03/15/2024, 15.03.2024) or written ("March 15, 2024", "15 Mar 2024") form.</summary>
    public static bool TryDate(string text, out DateOnly date)
    {
        var found = FindDate(text, out date, out _);
        return found;
    }

    /// <summary>Reads a date and, when given, a time and zone; a date alone is midnight UTC.</summary>
    public static bool TryDateTime(string text, out DateTimeOffset value)
    {
        value = default;
        if (!FindDate(text, out var date, out var rest))
        {
            return false;
        }
        var time = TimeOnly.MinValue;
        var offset = TimeSpan.Zero;
        var match = TimePattern().Match(rest);
        if (match.Success)
        {
            var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(match.Groups["min"].Value, CultureInfo.InvariantCulture);
            var second = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            var ampm = match.Groups["ampm"].Value.ToUpperInvariant();
            if (ampm == "PM" && hour < 12)
            {
                hour += 12;
            }
            else if (ampm == "AM" && hour == 12)
            {
                hour = 0;
            }
            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }
            time = new TimeOnly(hour, minute, second);
            offset = ParseZone(match.Groups["zone"].Value);
        }
        value = new DateTimeOffset(date.ToDateTime(time), offset);
        return true;
    }

    private static TimeSpan ParseZone(string zone)
    {
        if (zone.Length < 5 || zone[0] is not ('+' or '-'))
        {
            return TimeSpan.Zero;
        }
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var span = new TimeSpan(int.Parse(digits[..2], CultureInfo.InvariantCulture), int.Parse(digits[2..], CultureInfo.InvariantCulture), 0);
        return zone[0] == '-' ? -span : span;
    }

    private static bool FindDate(string text, out DateOnly date, out string rest)
    {
        date = default;
        rest = "";
        var iso = IsoDatePattern().Match(text);
        if (iso.Success && TryMake(iso.Groups["y"].Value, iso.Groups["m"].Value, iso.Groups["d"].Value, out date))
        {
            rest = text[(iso.Groups["d"].Index + iso.Groups["d"].Length)..];
            return true;
        }
        // Every written-out candidate, day-first then month-first, until one names a real month and day.
        foreach (var written in DayMonthYearPattern().Matches(text).Concat(MonthDayYearPattern().Matches(text)))
        {
            if (MonthNumber(written.Groups["mon"].Value) is var month and > 0
                && TryMake(written.Groups["y"].Value, month.ToString(CultureInfo.InvariantCulture), written.Groups["d"].Value, out date))
            {
                rest = text[(written.Index + written.Length)..];
                return true;
            }
        }
        var numeric = NumericDatePattern().Match(text);
        if (numeric.Success)
        {
            var a = int.Parse(numeric.Groups["a"].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(numeric.Groups["b"].Value, CultureInfo.InvariantCulture);
            var year = numeric.Groups["y"].Value;
            if (year.Length == 2)
            {
                year = "20" + year;
            }
            var dayFirst = numeric.Groups["sep"].Value == "." || a > 12;
            var (day, monthNumber) = dayFirst ? (a, b) : (b, a);
            if (TryMake(year, monthNumber.ToString(CultureInfo.InvariantCulture), day.ToString(CultureInfo.InvariantCulture), out date))
            {
                rest = text[(numeric.Index + numeric.Length)..];
                return true;
            }
        }
        return false;
    }

    private static int MonthNumber(string name)
    {
        if (name.Length < 3)
        {
            return 0;
        }
        var word = name.ToLowerInvariant();
        var months = MonthNames.Where(m => m.Name.StartsWith(word, StringComparison.Ordinal)).Select(m => m.Month).Distinct().ToList();
        return months.Count == 1 ? months[0] : 0;
    }

    private static bool TryMake(string year, string month, string day, out DateOnly date)
    {
        date = default;
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var m = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }
        date = new DateOnly(y, m, d);
        return true;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    /// <summary>Finds an e-mail address in text such as "mailto:a@b.c" or "Contact: a@b.c".</summary>
    public static string? FindEmail(string text)
    {
        var match = EmailPattern().Match(text);
        return match.Success ? match.Value : null;
    }

    /// <summary>Collapses runs of whitespace to one space and trims; text that is already so comes back as it is.</summary>
    public static string CollapseWhitespace(string text)
    {
        if (IsCollapsed(text))
        {
            return text;
        }
        var collapsed = new StringBuilder(text.Length);
        AppendCollapsed(collapsed, text);
        return collapsed.ToString();
    }

    /// <summary>Appends the text with runs of whitespace collapsed to one space and trimmed; false when it holds only whitespace.</summary>
    internal static bool AppendCollapsed(StringBuilder target, ReadOnlySpan<char> text)
    {
        var start = target.Length;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = target.Length > start;
                continue;
            }
            if (pendingSpace)
            {
                target.Append(' ');
                pendingSpace = false;
            }
            target.Append(c);
        }
        return target.Length > start;
    }

    /// <summary>No leading or trailing whitespace, and no whitespace but single spaces between words.</summary>
    private static bool IsCollapsed(string text)
    {
        if (text.Length == 0)
        {
            return true;
        }
        if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }
        for (var i = 1; i < text.Length - 1; i++)
        {
            var c = text[i];
            if (c == ' ' ? text[i + 1] == ' ' : char.IsWhiteSpace(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whitespace collapsed within each line; lines kept, blank ones dropped.</summary>
    internal static string CollapseWhitespaceKeepingLines(string text) =>
        string.Join('\n', text.Split('\n').Select(CollapseWhitespace).Where(l => l.Length > 0));

    /// <summary>Text with its HTML tags removed (blocks and line breaks become line ends) and entities decoded.</summary>
    internal static string WithoutMarkup(string text)
    {
        var withBreaks = BlockTag().Replace(text, "\n");
        return System.Net.WebUtility.HtmlDecode(AnyTag().Replace(withBreaks, ""));
    }

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/h[1-6]|p|div|li|h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    [GeneratedRegex(@"<[!/]?[A-Za-z][^>]*>")]
    private static partial Regex AnyTag();
}
