using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

/// <summary>The text of one page or document given to the model, with where it came from.</summary>
public sealed record PromptDocument(string? Url, string Text);
