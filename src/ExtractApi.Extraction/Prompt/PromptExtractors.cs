using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

public static class PromptExtractors
{
    /// <summary>The extractor the settings describe: a chat model when configured, else one that refuses with a message naming the settings.</summary>
    public static IPromptExtractor FromSettings(PromptExtractorSettings settings)
    {
        if (!settings.IsConfigured)
        {
            return new UnconfiguredPromptExtractor();
        }
        if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out var endpoint))
        {
            throw new PromptExtractionUnavailableException($"{PromptExtractorSettings.SectionName}:Endpoint is not an absolute URL: \"{settings.Endpoint}\".");
        }
        // Local OpenAI-compatible servers often need no key, but the client requires one.
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(settings.ApiKey) ? "unused" : settings.ApiKey), new OpenAIClientOptions { Endpoint = endpoint });
        return new ChatPromptExtractor(client.GetChatClient(settings.Model).AsIChatClient(), settings.MaxCharactersPerDocument);
    }
}
