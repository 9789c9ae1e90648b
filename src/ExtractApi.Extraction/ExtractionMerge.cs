using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>
/// One object from several pages (a multi-URL extract). Arrays are concatenated in page order
/// without duplicates (items with the same URL, SKU or id are one item, gaps filled from later
/// pages); each scalar comes from the page whose source for it is most trusted,
/// ties going to the page with the higher composite score. Completeness is recomputed on the
/// merged object; validation sums the pages' found and valid values.
/// </summary>
public static class ExtractionMerge
{
    public static ExtractionOutcome Merge(ExtractionSchema schema, IReadOnlyList<ExtractionOutcome> outcomes)
    {
        if (outcomes.Count == 1)
        {
            return outcomes[0];
        }
        var sources = new Dictionary<string, string>(StringComparer.Ordinal);
        var urls = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var data = MergeObject(schema.Root, outcomes, "", sources, urls);
        var filled = schema.Root.Leaves().Count(leaf => HasValue(data, leaf.Path));
        var declared = schema.Root.Leaves().Count();
        var quality = QualityScores.From(declared, filled, outcomes.Sum(o => o.Quality.FoundValues), outcomes.Sum(o => o.Quality.ValidValues));
        var warnings = outcomes.SelectMany(o => o.Warnings.Select(w => o.Url is null ? w : $"{o.Url}: {w}")).ToList();
        return new ExtractionOutcome(data, sources, quality, warnings) { SourceUrls = urls };
    }

    private static JsonObject MergeObject(
        SchemaField objectField,
        IReadOnlyList<ExtractionOutcome> outcomes,
        string path,
        Dictionary<string, string> sources,
        Dictionary<string, IReadOnlyList<string>> urls)
    {
        var merged = new JsonObject();
        foreach (var field in objectField.Properties)
        {
            var fieldPath = path.Length == 0 ? field.Name : $"{path}.{field.Name}";
            var present = outcomes.Where(o => Find(o.Data, fieldPath) is not null).ToList();
            if (present.Count == 0)
            {
                continue;
            }
            if (field.Kind == FieldKind.Object)
            {
                var inner = MergeObject(field, present, fieldPath, sources, urls);
                if (inner.Count > 0)
                {
                    merged[field.Name] = inner;
                }
            }
            else if (field.Kind == FieldKind.Array)
            {
                var items = new JsonArray();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var byIdentity = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
                var contributors = new List<ExtractionOutcome>();
                // Page order: items keep the order the caller listed the URLs in.
                foreach (var outcome in present)
                {
                    var added = false;
                    foreach (var item in Find(outcome.Data, fieldPath)!.AsArray())
                    {
                        if (item is JsonObject obj && Identity(obj) is { } identity)
                        {
                            // The same product (by URL, SKU, id) from two pages: one item, the first page's values kept, gaps filled.
                            if (byIdentity.TryGetValue(identity, out var existing))
                            {
                                foreach (var (key, value) in obj)
                                {
                                    if (!existing.ContainsKey(key) && value is not null)
                                    {
                                        existing[key] = value.DeepClone();
                                        added = true;
                                    }
                                }
                                continue;
                            }
                            var copy = obj.DeepClone().AsObject();
                            byIdentity[identity] = copy;
                            seen.Add(copy.ToJsonString());
                            items.Add(copy);
                            added = true;
                        }
                        else if (item is not null && seen.Add(item.ToJsonString()))
                        {
                            items.Add(item.DeepClone());
                            added = true;
                        }
                    }
                    if (added)
                    {
                        contributors.Add(outcome);
                    }
                }
                merged[field.Name] = items;
                Credit(fieldPath, contributors, sources, urls);
            }
            else
            {
                // Most trusted source first; then the more complete page; then page order (the sort is stable).
                var best = present
                    .OrderBy(o => ExtractionSources.Rank(o.Sources.GetValueOrDefault(fieldPath)))
                    .ThenByDescending(o => o.Quality.Composite)
                    .First();
                merged[field.Name] = Find(best.Data, fieldPath)!.DeepClone();
                Credit(fieldPath, [best], sources, urls);
            }
        }
        return merged;
    }

    private static readonly HashSet<string> IdentityProperties = new(StringComparer.Ordinal)
    {
        "url", "link", "href", "sku", "id", "gtin", "gtin13", "isbn", "productid", "itemnumber", "mpn",
    };

    /// <summary>What makes an array item the same thing on two pages: its URL, SKU or id, when it has one.</summary>
    private static string? Identity(JsonObject item)
    {
        foreach (var (key, value) in item)
        {
            if (IdentityProperties.Contains(FieldNameMatch.Joined(key)) && value is JsonValue scalar)
            {
                return FieldNameMatch.Joined(key) + "=" + scalar.ToJsonString();
            }
        }
        return null;
    }

    private static void Credit(string path, List<ExtractionOutcome> contributors, Dictionary<string, string> sources, Dictionary<string, IReadOnlyList<string>> urls)
    {
        if (contributors.Count == 0)
        {
            return;
        }
        if (contributors.Select(c => c.Sources.GetValueOrDefault(path)).FirstOrDefault(s => s is not null) is { } source)
        {
            sources[path] = source;
        }
        var contributingUrls = contributors.Select(c => c.Url).OfType<string>().Distinct().ToList();
        if (contributingUrls.Count > 0)
        {
            urls[path] = contributingUrls;
        }
    }

    private static JsonNode? Find(JsonObject data, string path)
    {
        JsonNode? node = data;
        foreach (var segment in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }
        return node;
    }

    /// <summary>Whether a schema leaf path ("items[].price") holds a value in the data (in any item for arrays).</summary>
    internal static bool HasValue(JsonNode? node, string leafPath)
    {
        var arrayMark = leafPath.IndexOf("[]", StringComparison.Ordinal);
        if (arrayMark < 0)
        {
            return node is JsonObject obj && Find(obj, leafPath) is { } value && value is not JsonArray { Count: 0 };
        }
        var arrayPath = leafPath[..arrayMark];
        var rest = leafPath[(arrayMark + 2)..].TrimStart('.');
        if (node is not JsonObject root || Find(root, arrayPath) is not JsonArray array)
        {
            return false;
        }
        return rest.Length == 0 ? array.Count > 0 : array.Any(item => HasValue(item, rest));
    }
}
