using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>The result of filling a schema from one page, document or (after <see cref="ExtractionMerge"/>) several.</summary>
/// <param name="Data">The filled object: only values that coerced and validated; fields not found are absent.</param>
/// <param name="Sources">Field path ("price", "vendor.name", "line_items") → the source its value came from (<see cref="ExtractionSources"/>); arrays are credited as a whole.</param>
/// <param name="Quality">Completeness, validation and composite scores with their counts.</param>
/// <param name="Warnings">Values found but unusable, and required fields not found, each led by its field path.</param>
public sealed record ExtractionOutcome(
    JsonObject Data,
    IReadOnlyDictionary<string, string> Sources,
    QualityScores Quality,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The page the data came from (single-page outcomes).</summary>
    public string? Url { get; init; }

    /// <summary>For each filled field path, the URLs its value came from (Firecrawl's <c>sources</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> SourceUrls { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}
