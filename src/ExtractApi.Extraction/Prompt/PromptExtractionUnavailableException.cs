using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

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
