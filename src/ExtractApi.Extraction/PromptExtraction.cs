using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

/// <summary>A prompt-only extraction: no schema, so the answer's shape comes from the prompt.</summary>
public sealed record PromptExtractionRequest(string Prompt, IReadOnlyList<PromptDocument> Documents, JsonObject? Schema = null);

/// <summary>The text of one page or document given to the model, with where it came from.</summary>
public sealed record PromptDocument(string? Url, string Text);

/// <summary>
/// Extraction from a prompt alone is not deterministic: it needs a language model. This is the
/// seam the host backs with one (or with <see cref="UnconfiguredPromptExtractor"/> when none is set).
/// </summary>
public interface IPromptExtractor
{
    Task<JsonObject> ExtractAsync(PromptExtractionRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Settings for the optional LLM, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class PromptExtractorSettings
{
    public const string SectionName = "Extraction:Llm";

    /// <summary>Base URL of an OpenAI-compatible API (e.g. http://localhost:11434/v1). Setting: <c>Extraction:Llm:Endpoint</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name. Setting: <c>Extraction:Llm:Model</c>.</summary>
    public string? Model { get; set; }

    /// <summary>API key, if the endpoint needs one. Setting: <c>Extraction:Llm:ApiKey</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Characters of page text sent per document, to bound the prompt.</summary>
    public int MaxCharactersPerDocument { get; set; } = 12_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint) && !string.IsNullOrWhiteSpace(Model);
}

/// <summary>Thrown when a prompt-only extraction is asked for and no LLM is configured.</summary>
public sealed class PromptExtractionUnavailableException : Exception
{
    public PromptExtractionUnavailableException()
        : this($"Prompt-only extraction needs a language model, and none is configured: set {PromptExtractorSettings.SectionName}:Endpoint and {PromptExtractorSettings.SectionName}:Model (an OpenAI-compatible API), or send a schema.")
    {
    }

    public PromptExtractionUnavailableException(string message) : base(message)
    {
    }

    public PromptExtractionUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

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

/// <summary>Used when no LLM is configured: every call fails, naming the settings to set.</summary>
public sealed class UnconfiguredPromptExtractor : IPromptExtractor
{
    public Task<JsonObject> ExtractAsync(PromptExtractionRequest request, CancellationToken cancellationToken = default) =>
        throw new PromptExtractionUnavailableException();
}

/// <summary>Asks a chat model (through Microsoft.Extensions.AI) for one JSON object answering the prompt from the documents.</summary>
public sealed class ChatPromptExtractor(IChatClient chatClient, int maxCharactersPerDocument = 12_000) : IPromptExtractor
{
    private const string Instructions =
        "You extract structured data from web pages and documents. Answer with one JSON object only, no prose. " +
        "Use only facts present in the documents; leave out what is not there.";

    public async Task<JsonObject> ExtractAsync(PromptExtractionRequest request, CancellationToken cancellationToken = default)
    {
        var content = new System.Text.StringBuilder();
        content.Append("Request: ").Append(request.Prompt).Append('\n');
        if (request.Schema is not null)
        {
            content.Append("Answer in this JSON Schema: ").Append(request.Schema.ToJsonString()).Append('\n');
        }
        foreach (var document in request.Documents)
        {
            var text = document.Text.Length > maxCharactersPerDocument ? document.Text[..maxCharactersPerDocument] : document.Text;
            content.Append("\n--- Document").Append(document.Url is null ? "" : $" {document.Url}").Append(" ---\n").Append(text).Append('\n');
        }
        var messages = new List<ChatMessage> { new(ChatRole.System, Instructions), new(ChatRole.User, content.ToString()) };
        var response = await chatClient.GetResponseAsync(messages, new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 }, cancellationToken);
        return ParseAnswer(response.Text);
    }

    /// <summary>The JSON object in a model's answer, tolerating code fences and text around it.</summary>
    internal static JsonObject ParseAnswer(string answer)
    {
        var start = answer.IndexOf('{', StringComparison.Ordinal);
        var end = answer.LastIndexOf('}');
        if (start >= 0 && end > start)
        {
            try
            {
                if (JsonNode.Parse(answer[start..(end + 1)]) is JsonObject obj)
                {
                    return obj;
                }
            }
            catch (JsonException)
            {
                // Reported below with the answer's beginning.
            }
        }
        throw new InvalidOperationException($"The language model did not answer with a JSON object: \"{(answer.Length > 200 ? answer[..200] + "…" : answer)}\"");
    }
}
