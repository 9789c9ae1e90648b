using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>A value printed next to its label: a table row, a definition list entry, a "Label: value" line.</summary>
internal sealed record LabelledValue(string Label, string Value, string Source);
