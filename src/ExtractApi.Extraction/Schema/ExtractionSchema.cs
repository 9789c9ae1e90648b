using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace ExtractApi.Extraction;

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
