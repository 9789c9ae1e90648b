using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>A raw value for a field and the source it was read from.</summary>
internal sealed record Candidate(JsonNode Raw, string Source);

/// <summary>A list of item scopes for an array of objects, all from one source.</summary>
internal sealed record ItemList(IReadOnlyList<ValueScope> Items, string Source);

/// <summary>A list of raw values for an array of scalars, all from one source.</summary>
internal sealed record ValueList(IReadOnlyList<JsonNode> Values, string Source);

/// <summary>
/// Where the fields of one object are looked up: the whole page, a JSON-LD node, a table row, a
/// product card. Each kind yields candidates in its order of trust; the extractor takes the first
/// that coerces and validates.
/// </summary>
internal abstract class ValueScope
{
    protected ValueScope(PageEvidence evidence)
    {
        Evidence = evidence;
    }

    public PageEvidence Evidence { get; }

    public abstract IEnumerable<Candidate> Scalars(SchemaField field);

    public virtual ValueScope Enter(SchemaField objectField) => EmptyScope.For(Evidence);

    public virtual IEnumerable<ItemList> ObjectLists(SchemaField arrayField) => [];

    public virtual IEnumerable<ValueList> ScalarLists(SchemaField arrayField) => [];

    /// <summary>The value of a selected element: the named attribute, a link or source for URI fields, else its value or text.</summary>
    protected Candidate? SelectedValue(IElement? element, SchemaField field)
    {
        if (element is null)
        {
            return null;
        }
        if (field.SelectorAttribute is { } attribute)
        {
            return element.GetAttribute(attribute) is { } value ? new Candidate(JsonValue.Create(value)!, ExtractionSources.Selector) : null;
        }
        return new Candidate(JsonValue.Create(ElementValue(element, field))!, ExtractionSources.Selector);
    }

    protected string ElementValue(IElement element, SchemaField field)
    {
        if (IsImageField(field) && (element.GetAttribute("src") ?? element.QuerySelector("img[src]")?.GetAttribute("src")) is { } src)
        {
            return Evidence.Absolute(src);
        }
        if (IsLinkField(field) && (element.GetAttribute("href") ?? element.QuerySelector("a[href]")?.GetAttribute("href")) is { } href)
        {
            return Evidence.Absolute(href);
        }
        return PageEvidence.TextValue(element);
    }

    protected static bool IsLinkField(SchemaField field) =>
        field.Format is "uri" or "url" or "uri-reference" || field.Terms.Joined is "url" or "link" or "href" || field.Terms.Synonyms.Contains("url");

    protected static bool IsImageField(SchemaField field) => field.Terms.Synonyms.Contains("image") || field.Terms.Joined == "image";

    /// <summary>Finds the value in a structured object best named by the field: its own keys first, then one level down (offers.price, brand.name).</summary>
    public static Candidate? Lookup(JsonObject item, string source, SchemaField field, PageEvidence evidence, FieldTerms? terms = null)
    {
        var match = BestKey(item, terms ?? field.Terms, field.IsScalar, evidence);
        if (match is null)
        {
            return null;
        }
        var value = field.IsScalar ? ScalarOf(match, evidence) : match;
        return value is null ? null : new Candidate(value, source);
    }

    private static JsonNode? BestKey(JsonObject item, FieldTerms terms, bool wantScalar, PageEvidence evidence)
    {
        JsonNode? best = null;
        var bestScore = 0.0;
        void Consider(string key, JsonNode? value, double weight)
        {
            if (value is null || key.StartsWith('@'))
            {
                return;
            }
            var score = FieldNameMatch.Score(terms, key) * weight;
            if (score >= FieldNameMatch.Threshold && score > bestScore)
            {
                best = value;
                bestScore = score;
            }
        }
        foreach (var (key, value) in item)
        {
            Consider(key, value, 1.0);
        }
        if (!wantScalar || bestScore >= FieldNameMatch.Exact)
        {
            return best;
        }
        foreach (var (_, value) in item)
        {
            var child = Resolve(value switch { JsonArray array => array.FirstOrDefault(), _ => value }, evidence);
            if (child is JsonObject childObject)
            {
                foreach (var (key, grandchild) in childObject)
                {
                    Consider(key, grandchild, 0.9);
                }
            }
        }
        return best;
    }

    /// <summary>Follows a JSON-LD reference such as <c>{"@id": "#author"}</c> to the node it names.</summary>
    public static JsonNode? Resolve(JsonNode? node, PageEvidence evidence) =>
        node is JsonObject { Count: 1 } reference && reference["@id"] is JsonValue id && id.TryGetValue<string>(out var key)
            && evidence.NodesById.TryGetValue(key, out var target)
            ? target
            : node;

    /// <summary>One value from a structured node: the first of an array; an object's name, value or URL.</summary>
    private static JsonNode? ScalarOf(JsonNode? node, PageEvidence evidence)
    {
        node = Resolve(node is JsonArray array ? array.FirstOrDefault() : node, evidence);
        if (node is JsonObject obj)
        {
            foreach (var key in new[] { "name", "@value", "value", "ratingValue", "price", "url", "contentUrl", "text" })
            {
                if (obj[key] is JsonValue inner)
                {
                    return inner;
                }
            }
            return null;
        }
        return node;
    }

    /// <summary>Structured objects (or the objects of an array) under the key best named by the field.</summary>
    public static IReadOnlyList<JsonObject> ObjectsUnder(JsonObject item, SchemaField field, PageEvidence evidence)
    {
        var match = BestKey(item, field.Terms, wantScalar: false, evidence);
        var nodes = match switch
        {
            JsonArray array => array.Select(n => Resolve(n, evidence)).OfType<JsonObject>().ToList(),
            JsonObject => [(JsonObject)Resolve(match, evidence)!],
            _ => [],
        };
        return nodes;
    }

    /// <summary>Scalar values (or each element of an array) under the key best named by the field.</summary>
    public static IReadOnlyList<JsonNode> ValuesUnder(JsonObject item, SchemaField field, PageEvidence evidence)
    {
        var match = BestKey(item, field.Terms, wantScalar: false, evidence);
        IEnumerable<JsonNode?> nodes = match switch
        {
            JsonArray array => array,
            null => [],
            JsonValue value when value.TryGetValue<string>(out var text) => SplitList(text).Select(t => (JsonNode?)JsonValue.Create(t)),
            _ => [match],
        };
        return [.. nodes.Select(n => n is JsonObject ? ScalarOf(n, evidence) : n).OfType<JsonNode>()];
    }

    /// <summary>"a, b; c" → a, b, c: lists printed in one cell or meta tag.</summary>
    public static IEnumerable<string> SplitList(string text) =>
        text.Split([',', ';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>A scope with nothing in it: nested objects that no source describes.</summary>
internal sealed class EmptyScope : ValueScope
{
    private EmptyScope(PageEvidence evidence) : base(evidence)
    {
    }

    public static EmptyScope For(PageEvidence evidence) => new(evidence);

    public override IEnumerable<Candidate> Scalars(SchemaField field) => [];
}

/// <summary>A JSON-LD, microdata or RDFa node: an item of a list, or an object nested in the primary item.</summary>
internal sealed class StructuredScope(JsonObject item, string source, PageEvidence evidence) : ValueScope(evidence)
{
    public override IEnumerable<Candidate> Scalars(SchemaField field)
    {
        if (Lookup(item, source, field, Evidence) is { } candidate)
        {
            yield return candidate;
        }
    }

    public override ValueScope Enter(SchemaField objectField)
    {
        var inner = ObjectsUnder(item, objectField, Evidence);
        return inner.Count > 0 ? new StructuredScope(inner[0], source, Evidence) : new StructuredScope(item, source, Evidence);
    }

    public override IEnumerable<ItemList> ObjectLists(SchemaField arrayField)
    {
        var objects = ObjectsUnder(item, arrayField, Evidence);
        if (objects.Count > 0)
        {
            yield return new ItemList([.. objects.Select(o => new StructuredScope(o, source, Evidence))], source);
        }
    }

    public override IEnumerable<ValueList> ScalarLists(SchemaField arrayField)
    {
        var values = ValuesUnder(item, arrayField, Evidence);
        if (values.Count > 0)
        {
            yield return new ValueList(values, source);
        }
    }
}

/// <summary>One row of a table whose header cells were matched to the item's properties (or one block of repeated labels).</summary>
internal sealed class RowScope(IReadOnlyList<TableCell> row, IReadOnlyDictionary<SchemaField, int> columns, string source, PageEvidence evidence) : ValueScope(evidence)
{
    public override IEnumerable<Candidate> Scalars(SchemaField field)
    {
        if (!columns.TryGetValue(field, out var column) || column >= row.Count)
        {
            yield break;
        }
        var cell = row[column];
        var value = IsImageField(field) && cell.Image is not null ? cell.Image
            : IsLinkField(field) && cell.Link is not null ? cell.Link
            : cell.Text;
        if (value.Length > 0)
        {
            yield return new Candidate(JsonValue.Create(value)!, source);
        }
    }
}

/// <summary>An element: a product card among its repeated siblings, or the element an object's selector picked.</summary>
internal sealed class ElementScope(IElement element, string source, PageEvidence evidence) : ValueScope(evidence)
{
    public override IEnumerable<Candidate> Scalars(SchemaField field)
    {
        if (field.Selector is not null && SelectedValue(element.QuerySelector(field.Selector), field) is { } selected)
        {
            yield return selected;
        }
        if (BestNamedElement(element, field) is { } named)
        {
            yield return new Candidate(JsonValue.Create(ElementValue(named, field))!, source);
        }
        else if (IsImageField(field) && element.QuerySelector("img[src]")?.GetAttribute("src") is { } src)
        {
            yield return new Candidate(JsonValue.Create(Evidence.Absolute(src))!, source);
        }
        else if (IsLinkField(field) && (element.LocalName == "a" ? element : element.QuerySelector("a[href]"))?.GetAttribute("href") is { } href)
        {
            yield return new Candidate(JsonValue.Create(Evidence.Absolute(href))!, source);
        }
    }

    public override ValueScope Enter(SchemaField objectField) =>
        objectField.Selector is not null && element.QuerySelector(objectField.Selector) is { } inner
            ? new ElementScope(inner, ExtractionSources.Selector, Evidence)
            : this;

    /// <summary>The descendant whose class, id, itemprop, name or data-field names the field best ("product-price" for price).</summary>
    public static IElement? BestNamedElement(IElement root, SchemaField field)
    {
        IElement? best = null;
        var bestScore = 0.0;
        // A plain walk: running a selector here, once per field and card group, costs more than the match itself.
        foreach (var candidate in root.Descendants<IElement>())
        {
            foreach (var attribute in candidate.Attributes)
            {
                var names = attribute.LocalName switch
                {
                    "class" => attribute.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                    "id" or "itemprop" or "data-field" or "name" => [attribute.Value],
                    _ => [],
                };
                foreach (var name in names)
                {
                    var score = name.Length == 0 ? 0 : FieldNameMatch.Score(field.Terms, name);
                    if (score >= FieldNameMatch.Threshold && score > bestScore)
                    {
                        best = candidate;
                        bestScore = score;
                    }
                }
            }
        }
        return best;
    }
}
