using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>
/// The <c>json</c> format (v1 also <c>extract</c>, answered under that key): a JSON Schema filled by the extractor from
/// the page (a prompt beside it is a hint the extractor does not need), or a prompt alone for the optional LLM.
/// </summary>
public sealed record JsonFormatRequest(JsonElement? Schema, string? Prompt);
