using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace ExtractApi.Extraction.Tests;

public class PromptExtractionTests
{
    [Fact]
    public async Task Without_configuration_prompt_extraction_fails_naming_the_setting()
    {
        var extractor = PromptExtractors.FromSettings(new PromptExtractorSettings());

        var error = await Assert.ThrowsAsync<PromptExtractionUnavailableException>(() =>
            extractor.ExtractAsync(new PromptExtractionRequest("Find the CEO", [new PromptDocument("https://a.example", "text")])));

        Assert.Contains("Extraction:Llm:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Configured_settings_build_a_chat_extractor_without_calling_it()
    {
        var extractor = PromptExtractors.FromSettings(new PromptExtractorSettings { Endpoint = "http://127.0.0.1:9/v1", Model = "local-model" });

        Assert.IsType<ChatPromptExtractor>(extractor);
    }

    [Fact]
    public void A_relative_endpoint_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<PromptExtractionUnavailableException>(() =>
            PromptExtractors.FromSettings(new PromptExtractorSettings { Endpoint = "not a url", Model = "m" }));

        Assert.Contains("Extraction:Llm:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_extractor_sends_prompt_and_documents_and_reads_the_json_answer()
    {
        var chat = new ScriptedChatClient("Here you go:\n```json\n{\"ceo\": \"Ada Lovelace\"}\n```");
        var extractor = new ChatPromptExtractor(chat);

        var data = await extractor.ExtractAsync(new PromptExtractionRequest("Who is the CEO?", [new PromptDocument("https://a.example/about", "Our CEO is Ada Lovelace.")]));

        Assert.Equal("Ada Lovelace", data["ceo"]!.GetValue<string>());
        var sent = string.Join("\n", chat.Received.Select(m => m.Text));
        Assert.Contains("Who is the CEO?", sent, StringComparison.Ordinal);
        Assert.Contains("https://a.example/about", sent, StringComparison.Ordinal);
        Assert.Contains("Our CEO is Ada Lovelace.", sent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_answer_is_an_error()
    {
        var extractor = new ChatPromptExtractor(new ScriptedChatClient("I cannot help with that."));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            extractor.ExtractAsync(new PromptExtractionRequest("x", [new PromptDocument(null, "y")])));
    }

    /// <summary>Answers every request with one fixed text and remembers what it was sent; no network.</summary>
    private sealed class ScriptedChatClient(string answer) : IChatClient
    {
        public List<ChatMessage> Received { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Received.AddRange(messages);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
