using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>A list of item scopes for an array of objects, all from one source.</summary>
internal sealed record ItemList(IReadOnlyList<ValueScope> Items, string Source);
