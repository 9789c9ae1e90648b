using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

/// <summary>A prompt-only extraction: no schema, so the answer's shape comes from the prompt.</summary>
public sealed record PromptExtractionRequest(string Prompt, IReadOnlyList<PromptDocument> Documents, JsonObject? Schema = null);
