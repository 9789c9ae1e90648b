using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>One variable of a Docmap template.</summary>
public sealed record TemplateVariable(string Name, string Type, string? Description = null);
