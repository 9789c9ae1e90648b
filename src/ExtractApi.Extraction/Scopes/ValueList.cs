using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>A list of raw values for an array of scalars, all from one source.</summary>
internal sealed record ValueList(IReadOnlyList<JsonNode> Values, string Source);
