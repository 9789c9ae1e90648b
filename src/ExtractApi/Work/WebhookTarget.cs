using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>Where job events are POSTed, and which ones.</summary>
public sealed record WebhookTarget(string Url, IReadOnlyDictionary<string, string> Headers, JsonElement? Metadata, IReadOnlyList<string> Events);
