using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>A raw value for a field and the source it was read from.</summary>
internal sealed record Candidate(JsonNode Raw, string Source);
