using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

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
