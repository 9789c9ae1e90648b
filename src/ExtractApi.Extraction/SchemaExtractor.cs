using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>
/// Fills a JSON Schema from a page or document, deterministically. Sources in order of trust:
/// JSON-LD, microdata, RDFa, Open Graph / meta tags, then labelled values in tables, definition
/// lists and "Label: value" lines; an <c>x-selector</c> on a field wins over all of them. Arrays
/// of objects come from structured lists, tables with a header row, or repeated elements.
/// Values are coerced to the field's type and validated; a value that fails is kept out of
/// <see cref="ExtractionOutcome.Data"/>, reported in <see cref="ExtractionOutcome.Warnings"/> and
/// counted against the validation score.
/// </summary>
public static class SchemaExtractor
{
    public static ExtractionOutcome Extract(ExtractionInput input, ExtractionSchema schema)
    {
        var evidence = input.Html is not null ? PageEvidence.FromHtml(input.Html, input.Url) : PageEvidence.FromText(input.Text ?? "");
        var run = new ExtractionRun(evidence);
        var data = run.FillObject(schema.Root, new PageScope(evidence, schema.Root), "", recordSources: true) ?? [];
        run.WarnMissingRequired(schema.Root, data, "");
        var declared = schema.Root.Leaves().Count();
        var filled = schema.Root.Leaves().Count(l => run.FilledLeaves.Contains(l.Path));
        var urls = input.Url is null
            ? new Dictionary<string, IReadOnlyList<string>>()
            : run.Sources.Keys.ToDictionary(k => k, IReadOnlyList<string> (_) => [input.Url]);
        return new ExtractionOutcome(data, run.Sources, QualityScores.From(declared, filled, run.FoundValues, run.ValidValues), run.Warnings)
        {
            Url = input.Url,
            SourceUrls = urls,
        };
    }

    /// <summary>Checks and compiles the schema, then extracts; throws <see cref="InvalidSchemaException"/> for a bad schema.</summary>
    public static ExtractionOutcome Extract(ExtractionInput input, JsonNode schema) => Extract(input, ExtractionSchema.Parse(schema));

    private sealed class ExtractionRun(PageEvidence evidence)
    {
        public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);
        public List<string> Warnings { get; } = [];
        public HashSet<string> FilledLeaves { get; } = new(StringComparer.Ordinal);
        public int FoundValues { get; private set; }
        public int ValidValues { get; private set; }

        public JsonObject? FillObject(SchemaField objectField, ValueScope scope, string path, bool recordSources)
        {
            var result = new JsonObject();
            foreach (var property in objectField.Properties)
            {
                var value = FillField(property, scope, path.Length == 0 ? property.Name : $"{path}.{property.Name}", recordSources);
                if (value is not null)
                {
                    result[property.Name] = value;
                }
            }
            return result.Count > 0 ? result : null;
        }

        private JsonNode? FillField(SchemaField field, ValueScope scope, string path, bool recordSources)
        {
            switch (field.Kind)
            {
                case FieldKind.Object:
                    return FillObject(field, scope.Enter(field), path, recordSources);
                case FieldKind.Array when field.Items is { Kind: FieldKind.Object } itemField:
                    foreach (var list in scope.ObjectLists(field))
                    {
                        var items = new JsonArray();
                        foreach (var itemScope in list.Items)
                        {
                            if (FillObject(itemField, itemScope, $"{path}[{items.Count}]", recordSources: false) is { } item)
                            {
                                items.Add(item);
                            }
                        }
                        if (items.Count > 0)
                        {
                            Record(path, list.Source, recordSources);
                            return items;
                        }
                    }
                    return null;
                case FieldKind.Array:
                    return FillScalarArray(field, scope, path, recordSources);
                default:
                    return FillScalar(field, scope, path, recordSources);
            }
        }

        private JsonArray? FillScalarArray(SchemaField field, ValueScope scope, string path, bool recordSources)
        {
            var itemField = field.Items!;
            foreach (var list in scope.ScalarLists(field))
            {
                var values = new JsonArray();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var raw in list.Values)
                {
                    FoundValues++;
                    var (value, problem) = FieldCoercion.Coerce(itemField, raw, list.Source, evidence);
                    problem ??= itemField.Check(value!);
                    if (problem is null)
                    {
                        ValidValues++;
                        if (seen.Add(value!.ToJsonString()))
                        {
                            values.Add(value);
                        }
                    }
                    else
                    {
                        Warnings.Add($"{path}: {list.Source} value \"{Quote(raw)}\" {problem}");
                    }
                }
                if (values.Count > 0)
                {
                    FilledLeaves.Add(field.Path);
                    Record(path, list.Source, recordSources);
                    return values;
                }
            }
            return null;
        }

        private JsonNode? FillScalar(SchemaField field, ValueScope scope, string path, bool recordSources)
        {
            string? firstProblem = null;
            foreach (var candidate in scope.Scalars(field))
            {
                var (value, problem) = FieldCoercion.Coerce(field, candidate.Raw, candidate.Source, evidence);
                problem ??= field.Check(value!);
                if (problem is null)
                {
                    FoundValues++;
                    ValidValues++;
                    FilledLeaves.Add(field.Path);
                    Record(path, candidate.Source, recordSources);
                    return value;
                }
                firstProblem ??= $"{path}: {candidate.Source} value \"{Quote(candidate.Raw)}\" {problem}";
            }
            if (firstProblem is not null)
            {
                // Found but unusable from every source: it counts against validation and stays out of the data.
                FoundValues++;
                Warnings.Add(firstProblem);
            }
            return null;
        }

        /// <summary>A raw value as warnings show it: the text, cut short.</summary>
        private static string Quote(JsonNode raw) => raw is JsonValue value && value.TryGetValue<string>(out var text)
            ? (text.Length > 60 ? text[..60] + "…" : text)
            : raw.ToJsonString();

        private void Record(string path, string source, bool recordSources)
        {
            if (recordSources)
            {
                Sources[path] = source;
            }
        }

        public void WarnMissingRequired(SchemaField objectField, JsonObject data, string path)
        {
            foreach (var property in objectField.Properties)
            {
                var propertyPath = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
                if (data[property.Name] is JsonObject inner && property.Kind == FieldKind.Object)
                {
                    WarnMissingRequired(property, inner, propertyPath);
                }
                else if (property.Required && data[property.Name] is null)
                {
                    Warnings.Add($"{propertyPath}: required but not found");
                }
            }
        }
    }
}
