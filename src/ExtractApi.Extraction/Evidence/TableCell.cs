using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>One cell of a table: its text and, for HTML tables, the first link or image in it.</summary>
internal sealed record TableCell(string Text, string? Link = null, string? Image = null);
