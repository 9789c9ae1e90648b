using System.Text.Json;

namespace ExtractApi.Dialects;

/// <summary>Reads fields of a job's stored request or result (jsonb text) for rendering.</summary>
public static class JobJson
{
    public static JsonElement? Property(string? json, string name)
    {
        if (string.IsNullOrEmpty(json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var value)
            ? value.Clone()
            : null;
    }

    public static string? Text(string? json, string name) =>
        Property(json, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static bool Flag(string? json, string name) =>
        Property(json, name) is { ValueKind: JsonValueKind.True };

    public static JsonElement Parse(string? json, string fallback = "{}")
    {
        using var document = JsonDocument.Parse(string.IsNullOrEmpty(json) ? fallback : json);
        return document.RootElement.Clone();
    }
}
