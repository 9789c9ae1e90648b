using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>
/// Checks that a JSON Schema is one the extractor can fill: an object root with properties, known
/// types, well-formed keywords, compilable patterns and CSS selectors, resolvable local references.
/// </summary>
public static class SchemaCheck
{
    public const string SelectorKeyword = "x-selector";
    public const string AttributeKeyword = "x-attribute";

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "object", "array", "string", "number", "integer", "boolean", "null",
    };

    private static readonly string[] NumericKeywords =
        ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems"];

    /// <summary>Every problem found, each naming its path; empty when the schema is usable.</summary>
    public static IReadOnlyList<SchemaError> Validate(JsonNode? schema)
    {
        var errors = new List<SchemaError>();
        if (schema is not JsonObject root)
        {
            errors.Add(new SchemaError("schema", "must be a JSON object"));
            return errors;
        }
        var rootType = DeclaredTypes(root);
        if (rootType is not null && !rootType.Contains("object"))
        {
            errors.Add(new SchemaError("schema.type", "the root schema must be of type \"object\""));
        }
        if (root["properties"] is null)
        {
            errors.Add(new SchemaError("schema.properties", "an object schema needs properties to extract"));
        }
        CheckNode(root, root, "schema", errors, depth: 0);
        return errors;
    }

    private static List<string>? DeclaredTypes(JsonObject node) => node["type"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var single) => [single],
        JsonArray array => [.. array.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")],
        _ => null,
    };

    private static void CheckNode(JsonObject node, JsonObject root, string path, List<SchemaError> errors, int depth)
    {
        if (depth > 32)
        {
            errors.Add(new SchemaError(path, "nesting is deeper than 32 levels"));
            return;
        }
        CheckType(node, path, errors);
        if (node["$ref"] is { } reference)
        {
            if (reference is not JsonValue refValue || !refValue.TryGetValue<string>(out var target) || ExtractionSchema.ResolveReference(root, target) is null)
            {
                errors.Add(new SchemaError($"{path}.$ref", "must be a local reference (#/$defs/… or #/definitions/…) to a schema in this document"));
            }
        }
        if (node["properties"] is { } properties)
        {
            if (properties is not JsonObject propertyMap)
            {
                errors.Add(new SchemaError($"{path}.properties", "must be an object mapping property names to schemas"));
            }
            else
            {
                foreach (var (name, child) in propertyMap)
                {
                    var childPath = $"{path}.properties.{name}";
                    if (name.Length == 0)
                    {
                        errors.Add(new SchemaError(childPath, "property names must not be empty"));
                    }
                    if (child is JsonObject childSchema)
                    {
                        CheckNode(childSchema, root, childPath, errors, depth + 1);
                    }
                    else if (child is not JsonValue booleanSchema || !booleanSchema.TryGetValue<bool>(out _))
                    {
                        errors.Add(new SchemaError(childPath, "must be a schema object"));
                    }
                }
            }
        }
        if (node["items"] is { } items)
        {
            if (items is JsonObject itemSchema)
            {
                CheckNode(itemSchema, root, $"{path}.items", errors, depth + 1);
            }
            else
            {
                errors.Add(new SchemaError($"{path}.items", "must be a schema object"));
            }
        }
        foreach (var definitionsKeyword in new[] { "$defs", "definitions" })
        {
            if (node[definitionsKeyword] is JsonObject definitions)
            {
                foreach (var (name, definition) in definitions)
                {
                    if (definition is JsonObject definitionSchema)
                    {
                        CheckNode(definitionSchema, root, $"{path}.{definitionsKeyword}.{name}", errors, depth + 1);
                    }
                }
            }
        }
        CheckRequired(node, path, errors);
        CheckEnum(node, path, errors);
        CheckStrings(node, path, errors);
        foreach (var keyword in NumericKeywords)
        {
            if (node[keyword] is { } bound && (bound is not JsonValue value || !value.TryGetValue<double>(out _)))
            {
                errors.Add(new SchemaError($"{path}.{keyword}", "must be a number"));
            }
        }
    }

    private static void CheckType(JsonObject node, string path, List<SchemaError> errors)
    {
        switch (node["type"])
        {
            case null:
                break;
            case JsonValue value when value.TryGetValue<string>(out var type):
                if (!KnownTypes.Contains(type))
                {
                    errors.Add(new SchemaError($"{path}.type", $"unknown type \"{type}\" (expected one of {string.Join(", ", KnownTypes)})"));
                }
                break;
            case JsonArray types:
                for (var i = 0; i < types.Count; i++)
                {
                    if (types[i] is not JsonValue item || !item.TryGetValue<string>(out var member) || !KnownTypes.Contains(member))
                    {
                        errors.Add(new SchemaError($"{path}.type[{i}]", $"unknown type {types[i]?.ToJsonString() ?? "null"}"));
                    }
                }
                break;
            default:
                errors.Add(new SchemaError($"{path}.type", "must be a type name or an array of type names"));
                break;
        }
    }

    private static void CheckRequired(JsonObject node, string path, List<SchemaError> errors)
    {
        if (node["required"] is not { } required)
        {
            return;
        }
        if (required is not JsonArray names)
        {
            errors.Add(new SchemaError($"{path}.required", "must be an array of property names"));
            return;
        }
        var declared = node["properties"] as JsonObject;
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] is not JsonValue value || !value.TryGetValue<string>(out var name))
            {
                errors.Add(new SchemaError($"{path}.required[{i}]", "must be a property name"));
            }
            else if (declared is not null && !declared.ContainsKey(name))
            {
                errors.Add(new SchemaError($"{path}.required[{i}]", $"\"{name}\" is not a declared property"));
            }
        }
    }

    private static void CheckEnum(JsonObject node, string path, List<SchemaError> errors)
    {
        if (node["enum"] is { } options && (options is not JsonArray array || array.Count == 0))
        {
            errors.Add(new SchemaError($"{path}.enum", "must be a non-empty array"));
        }
    }

    private static void CheckStrings(JsonObject node, string path, List<SchemaError> errors)
    {
        foreach (var keyword in new[] { "format", "description", "pattern", SelectorKeyword, AttributeKeyword })
        {
            if (node[keyword] is { } value && (value is not JsonValue text || !text.TryGetValue<string>(out _)))
            {
                errors.Add(new SchemaError($"{path}.{keyword}", "must be a string"));
            }
        }
        if (node["pattern"] is JsonValue patternValue && patternValue.TryGetValue<string>(out var pattern))
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                errors.Add(new SchemaError($"{path}.pattern", $"invalid regular expression: {ex.Message}"));
            }
        }
        if (node[SelectorKeyword] is JsonValue selectorValue && selectorValue.TryGetValue<string>(out var selector) && !IsValidSelector(selector))
        {
            errors.Add(new SchemaError($"{path}.{SelectorKeyword}", $"invalid CSS selector \"{selector}\""));
        }
    }

    private static bool IsValidSelector(string selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return false;
        }
        try
        {
            var document = new HtmlParser().ParseDocument("");
            _ = document.QuerySelector(selector);
            return true;
        }
        catch (AngleSharp.Dom.DomException)
        {
            return false;
        }
    }
}
