using System.Text.Json;

namespace ExtractApi.Api;

/// <summary>Reads a job's stored request or result (jsonb text) for rendering: parse it once, then read its fields.</summary>
public static class JobJson
{
    public static JsonElement Parse(string? json, string fallback = "{}")
    {
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(json) ? fallback : json);
        return document.RootElement.Clone();
    }

    /// <summary>The named field of an object, or null when the element is not an object or has no such field.</summary>
    public static JsonElement? Field(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    public static string? TextField(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool FlagField(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.True };

    /// <summary>The first string of an array field (a job's first URL).</summary>
    public static string? FirstText(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() > 0 && array[0].ValueKind == JsonValueKind.String
            ? array[0].GetString()
            : null;
}
