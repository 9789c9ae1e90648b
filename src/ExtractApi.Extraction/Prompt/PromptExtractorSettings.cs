using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using OpenAI;

namespace ExtractApi.Extraction;

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
