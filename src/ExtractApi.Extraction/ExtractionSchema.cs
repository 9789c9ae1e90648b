using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace ExtractApi.Extraction;

/// <summary>The kinds of value a schema field holds.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after JSON Schema's types.")]
public enum FieldKind
{
    Object,
    Array,
    Text,
    Number,
    WholeNumber,
    Boolean,
}

/// <summary>
/// A JSON Schema checked and compiled once for extraction: a tree of fields with the terms labels
/// are matched against, and a validator per field from a served JSON Schema library (NJsonSchema).
/// Build it once per job and reuse it for every page.
/// </summary>
public sealed class ExtractionSchema
{
    private ExtractionSchema(JsonObject json, SchemaField root)
    {
        Json = json;
        Root = root;
    }

    /// <summary>The schema as given.</summary>
    public JsonObject Json { get; }

    /// <summary>The root object field; its <see cref="SchemaField.Properties"/> are the top-level fields.</summary>
    public SchemaField Root { get; }

    /// <summary>Checks and compiles a schema; throws <see cref="InvalidSchemaException"/> naming the offending paths.</summary>
    public static ExtractionSchema Parse(JsonNode? schema)
    {
        var errors = SchemaCheck.Validate(schema);
        if (errors.Count > 0)
        {
            throw new InvalidSchemaException(errors);
        }
        var json = (JsonObject)schema!;
        NJsonSchema.JsonSchema validator;
        try
        {
            // No external references are allowed (SchemaCheck), so this completes without I/O.
            validator = NJsonSchema.JsonSchema.FromJsonAsync(json.ToJsonString()).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidSchemaException([new SchemaError("schema", $"could not be read as JSON Schema: {ex.Message}")]);
        }
        var root = Compile(json, json, "", "", validator, depth: 0);
        return new ExtractionSchema(json, root);
    }

    internal static JsonObject? ResolveReference(JsonObject root, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return reference == "#" ? root : null;
        }
        JsonNode? node = root;
        foreach (var segment in reference[2..].Split('/'))
        {
            var key = Uri.UnescapeDataString(segment).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node is JsonObject obj ? obj[key] : null;
        }
        return node as JsonObject;
    }

    private static SchemaField Compile(JsonObject node, JsonObject root, string name, string path, NJsonSchema.JsonSchema validator, int depth)
    {
        // Self-referencing schemas would recurse forever; extraction stops at a sensible depth.
        var guard = 0;
        while (node["$ref"] is JsonValue reference && reference.TryGetValue<string>(out var target) && guard++ < 16)
        {
            node = ResolveReference(root, target) ?? node;
        }
        var actual = validator.ActualSchema;
        var kind = KindOf(node);
        var properties = new List<SchemaField>();
        SchemaField? items = null;
        if (kind == FieldKind.Object && node["properties"] is JsonObject declared && depth < 12)
        {
            var required = (node["required"] as JsonArray)?.Select(n => n?.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (childName, child) in declared)
            {
                if (child is not JsonObject childSchema || !actual.ActualProperties.TryGetValue(childName, out var childValidator))
                {
                    continue;
                }
                var field = Compile(childSchema, root, childName, path.Length == 0 ? childName : $"{path}.{childName}", childValidator, depth + 1);
                field.Required = required.Contains(childName);
                properties.Add(field);
            }
        }
        else if (kind == FieldKind.Array && depth < 12)
        {
            var itemSchema = node["items"] as JsonObject ?? new JsonObject { ["type"] = "string" };
            var itemValidator = actual.Item ?? new NJsonSchema.JsonSchema { Type = NJsonSchema.JsonObjectType.String };
            items = Compile(itemSchema, root, name, $"{path}[]", itemValidator, depth + 1);
        }
        var enumOptions = (node["enum"] as JsonArray)?.Select(o => o is JsonValue v && v.TryGetValue<string>(out var s) ? s : o?.ToJsonString() ?? "null").ToList();
        return new SchemaField(
            name,
            path,
            kind,
            StringOf(node, "format"),
            StringOf(node, "description") ?? StringOf(node, "title"),
            enumOptions,
            StringOf(node, SchemaCheck.SelectorKeyword),
            StringOf(node, SchemaCheck.AttributeKeyword),
            properties,
            items,
            actual);
    }

    private static string? StringOf(JsonObject node, string keyword) =>
        node[keyword] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static FieldKind KindOf(JsonObject node)
    {
        var type = node["type"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var single) => single,
            // ["string", "null"]: the non-null member says what to look for.
            JsonArray array => array.Select(t => t?.GetValue<string>()).FirstOrDefault(t => t is not null and not "null"),
            _ => null,
        };
        return type switch
        {
            "object" => FieldKind.Object,
            "array" => FieldKind.Array,
            "number" => FieldKind.Number,
            "integer" => FieldKind.WholeNumber,
            "boolean" => FieldKind.Boolean,
            "string" => FieldKind.Text,
            _ when node["properties"] is not null => FieldKind.Object,
            _ when node["items"] is not null => FieldKind.Array,
            _ => FieldKind.Text,
        };
    }
}

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
        // A validator per call: the worker extracts pages in parallel with one compiled schema.
        var errors = new JsonSchemaValidator().Validate(token, validator);
        return errors.Count == 0 ? null : Describe(errors.First());
    }

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
