using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>Applies <see cref="ValueCoercion"/> according to a field's type, format and enum.</summary>
internal static class FieldCoercion
{
    private const int MaxTextLength = 4000;
    private const int MaxLongTextLength = 1_000_000;

    /// <summary>The coerced value, or null and why not.</summary>
    public static (JsonNode? Value, string? Problem) Coerce(SchemaField field, JsonNode raw, string source, PageEvidence evidence)
    {
        var kind = raw.GetValueKind();
        var text = kind switch
        {
            JsonValueKind.String => raw.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => raw.ToJsonString(),
            _ => null,
        };
        if (text is null)
        {
            return (null, "is not a single value");
        }
        if (source == ExtractionSources.JsonLd && text.Contains('&', StringComparison.Ordinal))
        {
            // JSON-LD sits in a script element, so the HTML parser leaves "&amp;" in it; many sites escape it anyway.
            text = System.Net.WebUtility.HtmlDecode(text);
        }
        if (source == ExtractionSources.JsonLd && text.Contains('<', StringComparison.Ordinal))
        {
            // Sites put HTML in JSON-LD text ("articleBody": "<p>…</p>"): the value is its text.
            text = ValueCoercion.WithoutMarkup(text);
        }
        text = field.IsLongText ? ValueCoercion.CollapseWhitespaceKeepingLines(text) : ValueCoercion.CollapseWhitespace(text);
        if (text.Length == 0)
        {
            return (null, "is empty");
        }
        switch (field.Kind)
        {
            case FieldKind.Number:
                if (kind == JsonValueKind.Number)
                {
                    return (JsonValue.Create(double.Parse(raw.ToJsonString(), CultureInfo.InvariantCulture)), null);
                }
                return ValueCoercion.TryNumber(text, out var number)
                    ? (JsonValue.Create((double)number), null)
                    : (null, "is not a number");
            case FieldKind.WholeNumber:
                return ValueCoercion.TryInteger(text, out var whole)
                    ? (JsonValue.Create(whole), null)
                    : (null, "is not a whole number");
            case FieldKind.Boolean:
                return ValueCoercion.TryBoolean(text, out var flag)
                    ? (JsonValue.Create(flag), null)
                    : (null, "is not yes/no");
            default:
                return CoerceText(field, text, evidence);
        }
    }

    private static (JsonNode? Value, string? Problem) CoerceText(SchemaField field, string text, PageEvidence evidence)
    {
        if (field.EnumOptions is { Count: > 0 } options)
        {
            var option = ValueCoercion.MatchEnum(text, options);
            return option is null ? (null, $"is not one of {string.Join(", ", options)}") : (JsonValue.Create(option), null);
        }
        switch (field.Format)
        {
            case "date":
                return ValueCoercion.TryDate(text, out var date)
                    ? (JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), null)
                    : (null, "is not a date");
            case "date-time":
                return ValueCoercion.TryDateTime(text, out var moment)
                    ? (JsonValue.Create(moment.Offset == TimeSpan.Zero
                        ? moment.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                        : moment.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)), null)
                    : (null, "is not a date-time");
            case "email":
                return ValueCoercion.FindEmail(text) is { } email ? (JsonValue.Create(email), null) : (null, "holds no e-mail address");
            case "uri" or "url" or "uri-reference":
                return (JsonValue.Create(evidence.Absolute(text)), null);
        }
        if (field.Terms.Words.Contains("isbn") || field.Terms.Joined.StartsWith("isbn", StringComparison.Ordinal))
        {
            return ValueShapes.Isbn(text, field) is { } isbn ? (JsonValue.Create(isbn), null) : (null, "is not an ISBN of the field's length");
        }
        if (field.Terms.Synonyms.Contains("author") || field.Terms.Joined is "author" or "authors" or "byline" or "writer")
        {
            return ValueShapes.PersonNames(text) is { Length: > 0 } names ? (JsonValue.Create(names), null) : (null, "is not a person's name");
        }
        var limit = field.IsLongText ? MaxLongTextLength : MaxTextLength;
        return (JsonValue.Create(text.Length > limit ? text[..limit] : text), null);
    }
}
