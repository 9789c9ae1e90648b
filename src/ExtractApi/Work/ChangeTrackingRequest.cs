using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>
/// The <c>changeTracking</c> format: compare the page with this organisation's previous scrape of it (per
/// <see cref="Tag"/>); <c>git-diff</c> mode adds a unified diff of the Markdown, <c>json</c> mode a per-field diff of
/// the schema's extraction.
/// </summary>
public sealed record ChangeTrackingRequest(IReadOnlyList<string> Modes, JsonElement? Schema, string? Prompt, string? Tag);
