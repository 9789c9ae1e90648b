using System.Globalization;
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

/// <summary>One row of a table whose header cells were matched to the item's properties.</summary>
internal sealed class RowScope(IReadOnlyList<TableCell> row, IReadOnlyDictionary<SchemaField, int> columns, PageEvidence evidence) : ValueScope(evidence)
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
            yield return new Candidate(JsonValue.Create(value)!, ExtractionSources.Table);
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

    /// <summary>The descendant whose class, itemprop, name or data-field names the field best ("product-price" for price).</summary>
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
                    "itemprop" or "data-field" or "name" => [attribute.Value],
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

/// <summary>
/// The page itself, for the top-level object and the objects nested in it: the selector, then the
/// primary structured item of each kind, then meta tags (top level only), then labelled values.
/// </summary>
internal sealed class PageScope : ValueScope
{
    private readonly IReadOnlyList<StructuredItem> primaries;
    private readonly SchemaField? parent;
    private readonly Dictionary<string, FieldTerms> compoundTerms;
    private List<IGrouping<(IElement?, string, string), IElement>>? repeatedGroups;

    public PageScope(PageEvidence evidence, SchemaField root) : this(evidence, PrimaryItems(evidence, root), null, [])
    {
    }

    private PageScope(PageEvidence evidence, IReadOnlyList<StructuredItem> primaries, SchemaField? parent, Dictionary<string, FieldTerms> compoundTerms)
        : base(evidence)
    {
        this.primaries = primaries;
        this.parent = parent;
        this.compoundTerms = compoundTerms;
    }

    /// <summary>Per kind of structured data, the item that names most of the schema's fields (the Product, not the BreadcrumbList).</summary>
    private static List<StructuredItem> PrimaryItems(PageEvidence evidence, SchemaField root)
    {
        var primaries = new List<StructuredItem>();
        foreach (var group in evidence.Items.GroupBy(i => i.Source))
        {
            StructuredItem? best = null;
            var bestCount = 0;
            foreach (var item in group)
            {
                var count = root.Properties.Count(p => p.Kind switch
                {
                    FieldKind.Object or FieldKind.Array => ObjectsUnder(item.Data, p, evidence).Count > 0 || ValuesUnder(item.Data, p, evidence).Count > 0,
                    _ => Lookup(item.Data, item.Source, p, evidence) is not null,
                });
                if (count > bestCount)
                {
                    best = item;
                    bestCount = count;
                }
            }
            if (best is not null)
            {
                primaries.Add(best);
            }
        }
        return primaries;
    }

    private FieldTerms TermsOf(SchemaField field)
    {
        if (parent is null)
        {
            return field.Terms;
        }
        // Inside "vendor", the field "name" is looked for as "vendor name".
        var key = parent.Name + " " + field.Name;
        if (!compoundTerms.TryGetValue(key, out var terms))
        {
            terms = FieldNameMatch.TermsFor(key, field.Description);
            compoundTerms[key] = terms;
        }
        return terms;
    }

    public override IEnumerable<Candidate> Scalars(SchemaField field)
    {
        if (field.Selector is not null && Evidence.Document is { } document && SelectedValue(document.QuerySelector(field.Selector), field) is { } selected)
        {
            yield return selected;
        }
        foreach (var primary in primaries)
        {
            if (Lookup(primary.Data, primary.Source, field, Evidence) is { } candidate)
            {
                yield return candidate;
            }
        }
        var terms = TermsOf(field);
        if (parent is null && BestLabel(Evidence.Meta, terms) is { } meta)
        {
            yield return meta;
        }
        foreach (var source in new[] { ExtractionSources.Table, ExtractionSources.Label })
        {
            var sameSource = Evidence.Labels.Where(l => l.Source == source);
            // Inside an object, "Colour" may name specifications.color: the compound name first, then the field's own.
            if ((BestLabel(sameSource, terms) ?? (parent is null ? null : BestLabel(sameSource, field.Terms))) is { } labelled)
            {
                yield return labelled;
            }
        }
        if (LeadingLabel(terms, maxLineLength: Evidence.Document is null ? 120 : 60) is { } leading)
        {
            yield return leading;
        }
        // The main property of a nested object may be printed under the object's own name ("Vendor: Acme Corp").
        if (parent is not null && parent.Properties.FirstOrDefault(p => p.Kind == FieldKind.Text) == field
            && BestLabel(Evidence.Meta.Concat(Evidence.Labels), parent.Terms) is { } whole)
        {
            yield return whole;
        }
    }

    private static Candidate? BestLabel(IEnumerable<LabelledValue> labels, FieldTerms terms)
    {
        LabelledValue? best = null;
        var bestScore = 0.0;
        foreach (var label in labels)
        {
            var score = FieldNameMatch.Score(terms, label.Label);
            if (score >= FieldNameMatch.Threshold && score > bestScore && label.Value.Length > 0)
            {
                best = label;
                bestScore = score;
            }
        }
        return best is null ? null : new Candidate(JsonValue.Create(best.Value)!, best.Source);
    }

    /// <summary>Document lines that start with the field's name or a synonym and no colon: "Invoice # INV-7", "Total Due $1,234.00".</summary>
    private Candidate? LeadingLabel(FieldTerms terms, int maxLineLength)
    {
        foreach (var line in Evidence.Lines)
        {
            if (line.Length > maxLineLength)
            {
                continue;
            }
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            for (var count = Math.Min(4, words.Length - 1); count >= 1; count--)
            {
                var label = string.Join(' ', words.Take(count));
                if (FieldNameMatch.Score(terms, label, remember: false) >= FieldNameMatch.Synonym && count < words.Length)
                {
                    return new Candidate(JsonValue.Create(string.Join(' ', words.Skip(count)).Trim())!, ExtractionSources.Label);
                }
            }
        }
        return null;
    }

    public override ValueScope Enter(SchemaField objectField)
    {
        if (objectField.Selector is not null && Evidence.Document?.QuerySelector(objectField.Selector) is { } selected)
        {
            return new ElementScope(selected, ExtractionSources.Selector, Evidence);
        }
        var inner = primaries.Select(p => (Objects: ObjectsUnder(p.Data, objectField, Evidence), p.Source))
            .Where(p => p.Objects.Count > 0)
            .Select(p => new StructuredItem(p.Objects[0], p.Source))
            .ToList();
        return new PageScope(Evidence, inner, objectField, compoundTerms);
    }

    public override IEnumerable<ItemList> ObjectLists(SchemaField arrayField)
    {
        var itemField = arrayField.Items!;
        if (arrayField.Selector is not null && Evidence.Document is { } document)
        {
            var selected = document.QuerySelectorAll(arrayField.Selector);
            if (selected.Length > 0)
            {
                yield return new ItemList([.. selected.Select(e => new ElementScope(e, ExtractionSources.Selector, Evidence))], ExtractionSources.Selector);
            }
        }
        foreach (var primary in primaries)
        {
            var objects = ObjectsUnder(primary.Data, arrayField, Evidence);
            if (objects.Count > 0)
            {
                yield return new ItemList([.. objects.Select(o => new StructuredScope(o, primary.Source, Evidence))], primary.Source);
            }
        }
        foreach (var list in StructuredLists(itemField))
        {
            yield return list;
        }
        if (BestTable(itemField) is { } table)
        {
            yield return table;
        }
        if (RepeatedElements(itemField) is { } cards)
        {
            yield return cards;
        }
    }

    /// <summary>JSON-LD ItemLists, and several structured items of one type (a listing's products).</summary>
    private IEnumerable<ItemList> StructuredLists(SchemaField itemField)
    {
        foreach (var list in Evidence.Items.Where(i => i.Type == "ItemList"))
        {
            if (list.Data["itemListElement"] is JsonArray elements)
            {
                var items = elements.Select(e => Resolve(e, Evidence)).OfType<JsonObject>()
                    .Select(e => Resolve(e["item"], Evidence) as JsonObject ?? e)
                    .Select(o => (ValueScope)new StructuredScope(o, list.Source, Evidence))
                    .ToList();
                if (items.Count > 0)
                {
                    yield return new ItemList(items, list.Source);
                }
            }
        }
        var scalarFields = itemField.Properties.Where(p => p.IsScalar).ToList();
        var bestGroup = Evidence.Items.GroupBy(i => (i.Source, i.Type))
            .Where(g => g.Count() >= 2 && g.Key.Type != "ItemList")
            .Select(g => (Group: g, Matched: scalarFields.Count(f => Lookup(g.First().Data, g.Key.Source, f, Evidence) is not null)))
            .Where(g => g.Matched > 0)
            .OrderByDescending(g => g.Matched)
            .FirstOrDefault();
        if (bestGroup.Group is not null)
        {
            yield return new ItemList([.. bestGroup.Group.Select(i => new StructuredScope(i.Data, i.Source, Evidence))], bestGroup.Group.Key.Source);
        }
    }

    /// <summary>The table whose header row names most of the item's properties, each row one item.</summary>
    private ItemList? BestTable(SchemaField itemField)
    {
        var scalarFields = itemField.Properties.Where(p => p.IsScalar).ToList();
        if (scalarFields.Count == 0)
        {
            return null;
        }
        var needed = Math.Min(2, scalarFields.Count);
        (TextTable Table, Dictionary<SchemaField, int> Columns)? best = null;
        foreach (var table in Evidence.Tables)
        {
            var columns = MapColumns(table.Headers, scalarFields);
            if (columns.Count >= needed && (best is null || columns.Count > best.Value.Columns.Count
                || (columns.Count == best.Value.Columns.Count && table.Rows.Count > best.Value.Table.Rows.Count)))
            {
                best = (table, columns);
            }
        }
        return best is null
            ? null
            : new ItemList([.. best.Value.Table.Rows.Select(r => new RowScope(r, best.Value.Columns, Evidence))], ExtractionSources.Table);
    }

    /// <summary>Each field to the header naming it best; a header serves one field, the best-matched first.</summary>
    private static Dictionary<SchemaField, int> MapColumns(IReadOnlyList<string> headers, List<SchemaField> fields)
    {
        var scored = new List<(SchemaField Field, int Column, double Score)>();
        foreach (var field in fields)
        {
            for (var column = 0; column < headers.Count; column++)
            {
                var score = FieldNameMatch.Score(field.Terms, headers[column]);
                if (score >= FieldNameMatch.Threshold)
                {
                    scored.Add((field, column, score));
                }
            }
        }
        var columns = new Dictionary<SchemaField, int>();
        foreach (var (field, column, _) in scored.OrderByDescending(s => s.Score))
        {
            if (!columns.ContainsKey(field) && !columns.ContainsValue(column))
            {
                columns[field] = column;
            }
        }
        return columns;
    }

    /// <summary>Sibling elements of one tag and class (product cards) whose descendants name the item's properties.</summary>
    private ItemList? RepeatedElements(SchemaField itemField)
    {
        if (Evidence.Document is not { } document)
        {
            return null;
        }
        repeatedGroups ??= [.. document.Body?.QuerySelectorAll("*")
            .GroupBy(e => (e.ParentElement, e.LocalName, e.GetAttribute("class") ?? ""))
            .Where(g => g.Key.Item3.Length > 0 || g.Key.LocalName is "li" or "article")
            .Where(g => g.Skip(1).Any()) ?? []];
        var scalarFields = itemField.Properties.Where(p => p.IsScalar).ToList();
        var needed = Math.Min(2, scalarFields.Count);
        var best = repeatedGroups
            .Select(g => (Group: g, Matched: scalarFields.Count(f => ElementScope.BestNamedElement(g.First(), f) is not null)))
            .Where(g => g.Matched >= needed && g.Matched > 0)
            .OrderByDescending(g => g.Matched).ThenByDescending(g => g.Group.Count())
            .FirstOrDefault();
        return best.Group is null
            ? null
            : new ItemList([.. best.Group.Select(e => new ElementScope(e, ExtractionSources.Repeated, Evidence))], ExtractionSources.Repeated);
    }

    public override IEnumerable<ValueList> ScalarLists(SchemaField arrayField)
    {
        if (arrayField.Selector is not null && Evidence.Document is { } document)
        {
            var selected = document.QuerySelectorAll(arrayField.Selector)
                .Select(e => (JsonNode)JsonValue.Create(ElementValue(e, arrayField.Items!))!).ToList();
            if (selected.Count > 0)
            {
                yield return new ValueList(selected, ExtractionSources.Selector);
            }
        }
        foreach (var primary in primaries)
        {
            var values = ValuesUnder(primary.Data, arrayField, Evidence);
            if (values.Count > 0)
            {
                yield return new ValueList(values, primary.Source);
            }
        }
        var terms = TermsOf(arrayField);
        var labelled = (parent is null ? BestLabel(Evidence.Meta, terms) : null) ?? BestLabel(Evidence.Labels, terms);
        if (labelled is not null)
        {
            var text = labelled.Raw.GetValue<string>();
            yield return new ValueList([.. SplitList(text).Select(t => (JsonNode)JsonValue.Create(t)!)], labelled.Source);
        }
    }

    internal static string Describe(JsonNode raw) => raw is JsonValue value && value.TryGetValue<string>(out var text)
        ? (text.Length > 60 ? text[..60] + "…" : text)
        : raw.ToJsonString().ToString(CultureInfo.InvariantCulture);
}
