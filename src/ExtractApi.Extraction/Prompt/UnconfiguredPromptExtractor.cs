using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

/// <summary>Used when no LLM is configured: every call fails, naming the settings to set.</summary>
public sealed class UnconfiguredPromptExtractor : IPromptExtractor
{
    public Task<JsonObject> ExtractAsync(PromptExtractionRequest request, CancellationToken cancellationToken = default) =>
        throw new PromptExtractionUnavailableException();
}
