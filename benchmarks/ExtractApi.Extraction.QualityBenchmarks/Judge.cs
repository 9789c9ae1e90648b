using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.QualityBenchmarks;

/// <summary>How a returned value is judged: exactly the method of the corpus README ("How matches are judged").</summary>
internal enum Verdict
{
    Correct,
    Partial,
    Wrong,
    Missing,
}

/// <summary>Judges returned values against the corpus's expected ones, as its README says.</summary>
internal static class Judge
{
    /// <summary>Entities decoded, NFKC, lower case, curly quotes straight, every run of non-word characters one space, trimmed.</summary>
    public static string Normalise(string text)
    {
        var decoded = WebUtility.HtmlDecode(text).Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Replace('\u2018', '\'').Replace('\u2019', '\'').Replace('\u201C', '"').Replace('\u201D', '"');
        var result = new StringBuilder(decoded.Length);
        var gap = false;
        foreach (var c in decoded)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                if (gap && result.Length > 0)
                {
                    result.Append(' ');
                }
                gap = false;
                result.Append(c);
            }
            else
            {
                gap = true;
            }
        }
        return result.ToString();
    }

    /// <summary>A returned value as text: a string as it is, an array of strings joined with ", ", a number or boolean as written.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonArray array => string.Join(", ", array.Select(Text).Where(t => t is not null)),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Null => null,
        _ => node.ToJsonString(),
    };

    /// <summary>One detail field: the returned value against the acceptable ones.</summary>
    public static Verdict Field(string field, JsonObject schema, JsonNode? returned, IReadOnlyList<string> expected)
    {
        var text = Text(returned);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Verdict.Missing;
        }
        var fieldSchema = schema["properties"]?[field] as JsonObject;
        var format = fieldSchema?["format"]?.GetValue<string>();
        if (field.Contains("isbn", StringComparison.OrdinalIgnoreCase))
        {
            var digits = new string([.. text.Where(char.IsAsciiDigit)]);
            return expected.Any(e => digits == new string([.. e.Where(char.IsAsciiDigit)])) ? Verdict.Correct
                : expected.Any(e => digits.Length > 0 && new string([.. e.Where(char.IsAsciiDigit)]).Contains(digits, StringComparison.Ordinal)) ? Verdict.Partial
                : Verdict.Wrong;
        }
        if (format is "uri" or "url")
        {
            var got = UrlKey(text);
            return expected.Any(e => UrlKey(e) == got) ? Verdict.Correct
                : expected.Any(e => UrlKey(e).Contains(got, StringComparison.Ordinal) || got.Contains(UrlKey(e), StringComparison.Ordinal)) ? Verdict.Partial
                : Verdict.Wrong;
        }
        if (format is "date" or "date-time")
        {
            var day = text.Length >= 10 ? text[..10] : text;
            return expected.Any(e => (e.Length >= 10 ? e[..10] : e) == day) ? Verdict.Correct : Verdict.Wrong;
        }
        var normalised = Normalise(text);
        if (field == "body")
        {
            return expected.Any(e => TokenF1(normalised, Normalise(e)) >= 0.9) ? Verdict.Correct
                : expected.Any(e => Contains(normalised, Normalise(e))) ? Verdict.Partial
                : Verdict.Wrong;
        }
        var accepted = expected.Select(Normalise).ToList();
        if (accepted.Contains(normalised))
        {
            return Verdict.Correct;
        }
        if (accepted.Count > 1 && WithoutAnd(normalised) == WithoutAnd(Normalise(string.Join(", ", expected))))
        {
            return Verdict.Correct;
        }
        return accepted.Any(a => Contains(normalised, a)) ? Verdict.Partial : Verdict.Wrong;
    }

    private static bool Contains(string returned, string expected) =>
        returned.Length > 0 && expected.Length > 0
        && (returned.Contains(expected, StringComparison.Ordinal) || expected.Contains(returned, StringComparison.Ordinal));

    private static string WithoutAnd(string normalised) =>
        string.Join(' ', normalised.Split(' ').Where(w => w != "and"));

    /// <summary>Scheme, a leading "www." and a trailing "/" ignored.</summary>
    public static string UrlKey(string url)
    {
        var key = url.Trim();
        var scheme = key.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            key = key[(scheme + 3)..];
        }
        if (key.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            key = key[4..];
        }
        return key.TrimEnd('/');
    }

    /// <summary>Harmonic mean of the shares of returned words in the expected text and of expected words returned, counted with repetition.</summary>
    public static double TokenF1(string returned, string expected)
    {
        var got = Counts(returned);
        var want = Counts(expected);
        var common = got.Sum(g => Math.Min(g.Value, want.GetValueOrDefault(g.Key)));
        if (common == 0)
        {
            return 0;
        }
        var precision = (double)common / got.Values.Sum();
        var recall = (double)common / want.Values.Sum();
        return 2 * precision * recall / (precision + recall);
    }

    private static Dictionary<string, int> Counts(string normalised)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }
        return counts;
    }

    /// <summary>The returned items paired with the expected records, one to one, as the README's listing rules say.</summary>
    public static ListingScore Listing(IReadOnlyList<JsonObject> expected, IReadOnlyList<JsonObject> returned, string recordKey)
    {
        var used = new bool[returned.Count];
        var keys = returned.Select(r => Normalise(Text(r[recordKey]) ?? "")).ToList();
        var paired = 0;
        var otherChecked = 0;
        var otherRight = 0;
        var unpaired = new List<string>();
        foreach (var record in expected)
        {
            var want = Normalise(Text(record[recordKey]) ?? "");
            var index = Enumerable.Range(0, returned.Count).FirstOrDefault(i => !used[i] && keys[i] == want, -1);
            if (index < 0)
            {
                index = Enumerable.Range(0, returned.Count).FirstOrDefault(i => !used[i] && keys[i].Length >= 4
                    && (keys[i].Contains(want, StringComparison.Ordinal) || want.Contains(keys[i], StringComparison.Ordinal)), -1);
            }
            if (index < 0)
            {
                unpaired.Add(Text(record[recordKey]) ?? "");
                continue;
            }
            used[index] = true;
            paired++;
            foreach (var (field, value) in record)
            {
                if (field == recordKey)
                {
                    continue;
                }
                otherChecked++;
                if (OtherFieldRight(field, value, returned[index][field]))
                {
                    otherRight++;
                }
            }
        }
        return new ListingScore(expected.Count, returned.Count, paired, otherChecked, otherRight, unpaired);
    }

    private static bool OtherFieldRight(string field, JsonNode? expected, JsonNode? returned)
    {
        if (expected is null || expected.GetValueKind() == JsonValueKind.Null)
        {
            return returned is null || returned.GetValueKind() == JsonValueKind.Null; // points: null expects no value
        }
        if (expected.GetValueKind() == JsonValueKind.Number)
        {
            if (returned is null || returned.GetValueKind() != JsonValueKind.Number)
            {
                return false;
            }
            var want = double.Parse(expected.ToJsonString(), CultureInfo.InvariantCulture);
            var got = double.Parse(returned.ToJsonString(), CultureInfo.InvariantCulture);
            return field == "price" ? Math.Abs(want - got) <= 0.005 : got == want && got == Math.Floor(got);
        }
        var wantText = (Text(expected) ?? "").TrimEnd('/');
        var gotText = (Text(returned) ?? "").TrimEnd('/');
        return gotText.Length > 0 && wantText.Length > 0
            && (gotText.EndsWith(wantText, StringComparison.Ordinal) || gotText.Contains(wantText, StringComparison.Ordinal));
    }
}

/// <summary>One listing page's pairing: expected and returned counts, pairs, and the other field of paired records.</summary>
internal sealed record ListingScore(int Expected, int Returned, int Paired, int OtherChecked, int OtherRight, IReadOnlyList<string> Unpaired);

/// <summary>True positives, false positives and false negatives of detail fields, with precision, recall and F1.</summary>
internal sealed class FieldTally
{
    public int TruePositives { get; private set; }
    public int FalsePositives { get; private set; }
    public int FalseNegatives { get; private set; }

    public void Add(Verdict verdict)
    {
        switch (verdict)
        {
            case Verdict.Correct:
                TruePositives++;
                break;
            case Verdict.Missing:
                FalseNegatives++;
                break;
            default:
                FalsePositives++;
                FalseNegatives++;
                break;
        }
    }

    public void Add(FieldTally other)
    {
        TruePositives += other.TruePositives;
        FalsePositives += other.FalsePositives;
        FalseNegatives += other.FalseNegatives;
    }

    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"P {Precision:F3}  R {Recall:F3}  F1 {F1:F3}  ({TruePositives}/{TruePositives + FalseNegatives})");
}
