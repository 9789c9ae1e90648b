using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>Where a value came from, in order of trust (lower is more trusted); the names are what <see cref="ExtractionOutcome.Sources"/> reports.</summary>
public static class ExtractionSources
{
    public const string Selector = "selector";
    public const string JsonLd = "json-ld";
    public const string Microdata = "microdata";
    public const string Rdfa = "rdfa";
    public const string Meta = "meta";
    public const string MainContent = "main-content";
    public const string Table = "table";
    public const string Label = "label";
    public const string Element = "element";
    public const string Repeated = "repeated";
    public const string Prompt = "llm";

    private static readonly string[] TrustOrder = [Selector, JsonLd, Microdata, Rdfa, Meta, MainContent, Table, Label, Element, Repeated, Prompt];

    /// <summary>0 for the most trusted source; unknown sources rank last.</summary>
    public static int Rank(string? source)
    {
        var index = source is null ? -1 : Array.IndexOf(TrustOrder, source);
        return index < 0 ? TrustOrder.Length : index;
    }
}
