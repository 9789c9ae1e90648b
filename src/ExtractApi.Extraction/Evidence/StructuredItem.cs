using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>A schema.org-like object read from JSON-LD, microdata or RDFa.</summary>
internal sealed record StructuredItem(JsonObject Data, string Source)
{
    public string Type => Data["@type"] switch
    {
        JsonValue value when value.TryGetValue<string>(out var type) => type,
        JsonArray types => types.FirstOrDefault()?.ToString() ?? "",
        _ => "",
    };
}
