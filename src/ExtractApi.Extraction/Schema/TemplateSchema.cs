using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>
/// Converts a Docmap template (<c>variables: [{name, type, description}]</c>) to a JSON Schema, so
/// templates and schemas share one extraction path.
/// </summary>
public static class TemplateSchema
{
    // Docmap's variable types and the JSON Schema each becomes.
    private static readonly Dictionary<string, Func<JsonObject>> SchemaForType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["string"] = () => new JsonObject { ["type"] = "string" },
        ["text"] = () => new JsonObject { ["type"] = "string" },
        ["address"] = () => new JsonObject { ["type"] = "string" },
        ["phone"] = () => new JsonObject { ["type"] = "string" },
        ["number"] = () => new JsonObject { ["type"] = "number" },
        ["decimal"] = () => new JsonObject { ["type"] = "number" },
        ["float"] = () => new JsonObject { ["type"] = "number" },
        ["currency"] = () => new JsonObject { ["type"] = "number" },
        ["money"] = () => new JsonObject { ["type"] = "number" },
        ["amount"] = () => new JsonObject { ["type"] = "number" },
        ["percentage"] = () => new JsonObject { ["type"] = "number" },
        ["integer"] = () => new JsonObject { ["type"] = "integer" },
        ["int"] = () => new JsonObject { ["type"] = "integer" },
        ["boolean"] = () => new JsonObject { ["type"] = "boolean" },
        ["bool"] = () => new JsonObject { ["type"] = "boolean" },
        ["checkbox"] = () => new JsonObject { ["type"] = "boolean" },
        ["date"] = () => new JsonObject { ["type"] = "string", ["format"] = "date" },
        ["datetime"] = () => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        ["date-time"] = () => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        ["timestamp"] = () => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        ["email"] = () => new JsonObject { ["type"] = "string", ["format"] = "email" },
        ["url"] = () => new JsonObject { ["type"] = "string", ["format"] = "uri" },
        ["uri"] = () => new JsonObject { ["type"] = "string", ["format"] = "uri" },
        ["list"] = () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
        ["array"] = () => new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
    };

    /// <summary>The type names a template variable may have.</summary>
    public static IReadOnlyCollection<string> KnownTypes => SchemaForType.Keys;

    /// <summary>The JSON Schema for the variables; throws <see cref="InvalidSchemaException"/> naming "template.variables[i].…".</summary>
    public static JsonObject FromDocmapVariables(IReadOnlyList<TemplateVariable> variables) => Build(variables, []);

    /// <summary>Builds the schema; <paramref name="errors"/> may already hold problems found while reading the variables (null entries).</summary>
    private static JsonObject Build(IReadOnlyList<TemplateVariable?> variables, List<SchemaError> errors)
    {
        var properties = new JsonObject();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (variables.Count == 0)
        {
            errors.Add(new SchemaError("template.variables", "a template needs at least one variable"));
        }
        for (var i = 0; i < variables.Count; i++)
        {
            if (variables[i] is not { } variable)
            {
                continue;
            }
            var path = $"template.variables[{i}]";
            if (string.IsNullOrWhiteSpace(variable.Name))
            {
                errors.Add(new SchemaError($"{path}.name", "must not be empty"));
                continue;
            }
            if (!names.Add(variable.Name))
            {
                errors.Add(new SchemaError($"{path}.name", $"\"{variable.Name}\" is declared twice"));
                continue;
            }
            if (!SchemaForType.TryGetValue(variable.Type ?? "", out var schemaFor))
            {
                errors.Add(new SchemaError($"{path}.type", $"unknown type \"{variable.Type}\" (expected one of {string.Join(", ", SchemaForType.Keys)})"));
                continue;
            }
            var schema = schemaFor();
            if (!string.IsNullOrWhiteSpace(variable.Description))
            {
                schema["description"] = variable.Description;
            }
            properties[variable.Name] = schema;
        }
        if (errors.Count > 0)
        {
            throw new InvalidSchemaException(errors);
        }
        return new JsonObject { ["type"] = "object", ["properties"] = properties };
    }

    /// <summary>Reads a template as JSON: <c>{"variables": [...]}</c> or the bare array.</summary>
    public static JsonObject FromDocmapTemplate(JsonNode? template)
    {
        var variables = template switch
        {
            JsonObject obj => obj["variables"],
            JsonArray => template,
            _ => null,
        };
        if (variables is not JsonArray array)
        {
            throw new InvalidSchemaException([new SchemaError("template.variables", "must be an array of {name, type, description}")]);
        }
        var errors = new List<SchemaError>();
        var parsed = new List<TemplateVariable?>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject variable)
            {
                errors.Add(new SchemaError($"template.variables[{i}]", "must be an object with name and type"));
                parsed.Add(null);
                continue;
            }
            if (variable["name"] is not null && StringOf(variable, "name") is null)
            {
                errors.Add(new SchemaError($"template.variables[{i}].name", "must be a string"));
                parsed.Add(null);
                continue;
            }
            parsed.Add(new TemplateVariable(StringOf(variable, "name") ?? "", StringOf(variable, "type") ?? "string", StringOf(variable, "description")));
        }
        return Build(parsed, errors);
    }

    private static string? StringOf(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
