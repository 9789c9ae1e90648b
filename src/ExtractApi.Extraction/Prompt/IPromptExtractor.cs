using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

/// <summary>
/// Extraction from a prompt alone is not deterministic: it needs a language model. This is the
/// seam the host backs with one (or with <see cref="UnconfiguredPromptExtractor"/> when none is set).
/// </summary>
public interface IPromptExtractor
{
    Task<JsonObject> ExtractAsync(PromptExtractionRequest request, CancellationToken cancellationToken = default);
}
