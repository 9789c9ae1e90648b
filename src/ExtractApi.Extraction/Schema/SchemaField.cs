using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace ExtractApi.Extraction;

/// <summary>One field of a compiled schema.</summary>
public sealed class SchemaField
{
    private readonly NJsonSchema.JsonSchema validator;

    internal SchemaField(
        string name,
        string path,
        FieldKind kind,
        string? format,
        string? description,
        IReadOnlyList<string>? enumOptions,
        string? selector,
        string? selectorAttribute,
        IReadOnlyList<SchemaField> properties,
        SchemaField? items,
        NJsonSchema.JsonSchema validator)
    {
        Name = name;
        Path = path;
        Kind = kind;
        Format = format;
        Description = description;
        EnumOptions = enumOptions;
        Selector = selector;
        SelectorAttribute = selectorAttribute;
        Properties = properties;
        Items = items;
        this.validator = validator;
        Terms = FieldNameMatch.TermsFor(name, description);
    }

    /// <summary>The property name ("price"); for array items, the array's name.</summary>
    public string Name { get; }

    /// <summary>The schema path with array items as [] ("line_items[].price").</summary>
    public string Path { get; }

    public FieldKind Kind { get; }
    public string? Format { get; }
    public string? Description { get; }
    public IReadOnlyList<string>? EnumOptions { get; }

    /// <summary>The CSS selector from the <c>x-selector</c> keyword; when it matches, it wins over every other source.</summary>
    public string? Selector { get; }

    /// <summary>The attribute to read from the selected element (<c>x-attribute</c>), instead of its text.</summary>
    public string? SelectorAttribute { get; }

    public IReadOnlyList<SchemaField> Properties { get; }
    public SchemaField? Items { get; }
    public bool Required { get; internal set; }

    internal FieldTerms Terms { get; }

    /// <summary>A text field for a whole text (body, content, article, "the full text"): filled from the page's main content.</summary>
    internal bool IsLongText => Kind == FieldKind.Text && Format is null && EnumOptions is null
        && (Terms.Joined is "body" or "content" or "text" or "article" or "articlebody" or "articletext" or "bodytext" or "fulltext" or "maintext" or "fullcontent" or "maincontent"
            || (Description is { } description && (description.Contains("full text", StringComparison.OrdinalIgnoreCase)
                || description.Contains("article body", StringComparison.OrdinalIgnoreCase) || description.Contains("body text", StringComparison.OrdinalIgnoreCase))));

    /// <summary>A text field naming the page's title (title, name, headline).</summary>
    internal bool IsTitle => Kind == FieldKind.Text && Terms.Joined is "title" or "name" or "headline" or "pagetitle" or "articletitle" or "producttitle" or "productname";

    /// <summary>True for fields that hold one value (not objects or arrays).</summary>
    public bool IsScalar => Kind is not (FieldKind.Object or FieldKind.Array);

    /// <summary>The leaves counted for completeness: scalars, arrays of scalars, and the leaves of objects and of array items.</summary>
    public IEnumerable<SchemaField> Leaves()
    {
        if (Kind == FieldKind.Object)
        {
            return Properties.SelectMany(p => p.Leaves());
        }
        if (Kind == FieldKind.Array && Items is { Kind: FieldKind.Object } objectItems)
        {
            return objectItems.Leaves();
        }
        return [this];
    }

    /// <summary>Validates one value against this field's schema; null when valid, else the first reason.</summary>
    internal string? Check(JsonNode value)
    {
        // Dates must stay strings for the format checks, so Json.NET must not turn them into DateTime.
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(value.ToJsonString())) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        var token = JToken.ReadFrom(reader);
        var errors = Validator.Validate(token, validator);
        return errors.Count == 0 ? null : Describe(errors.First());
    }

    // One validator per thread: the worker extracts pages in parallel with one compiled schema, and building
    // a validator (its format checkers) for every value cost more than the check itself.
    [ThreadStatic]
    private static JsonSchemaValidator? threadValidator;

    private static JsonSchemaValidator Validator => threadValidator ??= new JsonSchemaValidator();

    private static string Describe(ValidationError error) => error.Kind switch
    {
        ValidationErrorKind.NotInEnumeration => "is not one of the allowed values",
        ValidationErrorKind.PatternMismatch => "does not match the pattern",
        ValidationErrorKind.DateExpected => "is not a date (yyyy-MM-dd)",
        ValidationErrorKind.DateTimeExpected => "is not a date-time",
        ValidationErrorKind.EmailExpected => "is not an e-mail address",
        ValidationErrorKind.UriExpected => "is not a URI",
        _ => error.Kind.ToString(),
    };
}
