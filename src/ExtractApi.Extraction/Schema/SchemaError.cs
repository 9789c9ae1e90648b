using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>One problem in a schema or template, with the JSON path of the offending node ("schema.properties.price.type").</summary>
public sealed record SchemaError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
