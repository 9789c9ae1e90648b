using System.Text.Json.Serialization;

namespace ExtractApi.Api;

/// <summary>JSON text that is already valid (a jsonb column read as text) and is written into a response as it is.</summary>
[JsonConverter(typeof(RawJsonConverter))]
public sealed record RawJson(string Text);
