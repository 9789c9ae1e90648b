using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>
/// The page itself, for the top-level object and the objects nested in it: the selector, then the
/// primary structured item of each kind, then meta tags (top level only), then labelled values,
/// then (top level only) an element whose class or id names the field.
/// </summary>
internal sealed class PageScope : ValueScope
{
    private readonly IReadOnlyList<StructuredItem> primaries;
    private readonly SchemaField? parent;
    private readonly Dictionary<string, FieldTerms> compoundTerms;
    private List<RecordRegion>? recordRegions;
    private Dictionary<IElement, int>? textLengths;

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
                if (root.Properties.Any(p => !p.IsScalar && NamesType(p, item.Type)))
                {
                    continue; // The node a nested field is named after ("organization") is not the page's subject.
                }
                var count = root.Properties.Count(p => p.Kind switch
                {
                    FieldKind.Object or FieldKind.Array => ObjectsUnder(item.Data, p, evidence).Count > 0 || ValuesUnder(item.Data, p, evidence).Count > 0,
                    _ => Lookup(item.Data, item.Source, p, evidence) is not null,
                });
                // Ties go to the richer node: a Product with a name over an Organization with one.
                if (count > bestCount || (count == bestCount && count > 0 && item.Data.Count > best!.Data.Count))
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
        var terms = TermsOf(field);
        if (parent is null && field.IsLongText && Evidence.MainText is { } mainText)
        {
            // The structured body (articleBody) when it holds about as much: it has no headline, byline or share buttons.
            var structured = primaries.Select(p => Lookup(p.Data, p.Source, field, Evidence)).FirstOrDefault(c => c is not null);
            if (structured?.Raw is JsonValue structuredBody && structuredBody.TryGetValue<string>(out var bodyText) && bodyText.Length * 10 >= mainText.Length * 6)
            {
                yield return structured;
            }
            yield return new Candidate(JsonValue.Create(mainText)!, ExtractionSources.MainContent);
        }
        // The page's own address: its canonical link or og:url, before any "url" inside the structured data.
        if (parent is null && IsLinkField(field) && field.Terms.Joined is "url" or "link" or "pageurl" or "canonicalurl" && BestLabel(Evidence.Meta, terms) is { } address)
        {
            yield return address;
        }
        foreach (var primary in primaries)
        {
            if (Lookup(primary.Data, primary.Source, field, Evidence) is { } candidate)
            {
                yield return parent is null && field.IsTitle ? WithoutSiteName(candidate) : candidate;
            }
        }
        // The title a reader sees: the heading the <title> begins with, or the <title> without the site's name.
        if (parent is null && field.IsTitle && Evidence.DisplayedTitle is { } displayed)
        {
            yield return new Candidate(JsonValue.Create(displayed)!, ExtractionSources.Meta);
        }
        if (parent is null && BestLabel(Evidence.Meta, terms) is { } meta)
        {
            yield return field.IsTitle ? WithoutSiteName(meta) : meta;
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
        // Last: an element whose class or id names the field (<span class="product-price">). Not inside
        // objects, where a bare "name" class would say nothing about whose name it is.
        if (parent is null && Evidence.Document?.Body is { } body && ElementScope.BestNamedElement(body, field) is { } named
            && ElementValue(named, field) is { Length: > 0 and <= 500 } shown)
        {
            yield return new Candidate(JsonValue.Create(shown)!, ExtractionSources.Element);
        }
    }

    private Candidate WithoutSiteName(Candidate candidate) =>
        candidate.Raw is JsonValue value && value.TryGetValue<string>(out var text)
            ? candidate with { Raw = JsonValue.Create(PageTitle.WithoutSiteName(text.Trim(), SiteName(), Evidence.BaseUrl))! }
            : candidate;

    private string SiteName() => Evidence.Meta.FirstOrDefault(m => m.Label == "site_name")?.Value ?? "";

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
        if (inner.Count == 0)
        {
            // A separate node whose type the object is named after ("organization" → the Organization node).
            inner = [.. Evidence.Items.Where(i => !primaries.Contains(i) && NamesType(objectField, i.Type)).GroupBy(i => i.Source).Select(g => g.First())];
        }
        return new PageScope(Evidence, inner, objectField, compoundTerms);
    }

    /// <summary>Whether a field is named after a schema.org type: "organization" ~ Organization, "breadcrumbs" ~ BreadcrumbList.</summary>
    private static bool NamesType(SchemaField field, string type) =>
        type.Length > 0 && (FieldNameMatch.Score(field.Terms, type) >= FieldNameMatch.Partial
            || FieldNameMatch.Joined(type).StartsWith(field.Terms.Singular, StringComparison.Ordinal));

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
        var records = parent is null ? RepeatedRecords(itemField) : null;
        foreach (var list in StructuredLists(itemField))
        {
            // JSON-LD and the page's records describing the same items: one list, the structured values first, the page's filling gaps.
            yield return records is null ? list : MergeWithRecords(list, records, itemField);
        }
        if (BestTable(itemField) is { } table)
        {
            yield return table;
        }
        if (RepeatedLabelBlocks(itemField) is { } blocks)
        {
            yield return blocks;
        }
        // "products" on a product's page: the page's Product before any cards of related ones.
        var single = parent is null ? SingleStructuredItem(itemField) : null;
        if (single is { } named && NamesType(arrayField, named.Type))
        {
            yield return named.List;
        }
        if (records is not null)
        {
            yield return records;
        }
        if (single is { } only)
        {
            yield return only.List;
        }
        if (parent is null)
        {
            // A detail page (one product): the page's own item, so several pages give one entry each.
            yield return new ItemList([new PageScope(Evidence, itemField)], primaries.Count > 0 ? primaries[0].Source : ExtractionSources.Meta);
        }
    }

    /// <summary>
    /// The page's one structured item (a product's JSON-LD) when it names at least half of the item's
    /// fields and no list was found: a detail page asked for an array gives its own item.
    /// </summary>
    private (ItemList List, string Type)? SingleStructuredItem(SchemaField itemField)
    {
        var scalarFields = itemField.Properties.Where(p => p.IsScalar).ToList();
        if (scalarFields.Count == 0)
        {
            return null;
        }
        var best = Evidence.Items
            .Where(i => i.Data["itemListElement"] is null && i.Type is not ("WebSite" or "WebPage" or "Organization" or "BreadcrumbList" or "SearchAction"))
            .Select(i => (Item: i, Matched: scalarFields.Count(f => Lookup(i.Data, i.Source, f, Evidence) is not null)))
            .Where(m => m.Matched * 2 >= scalarFields.Count)
            .OrderByDescending(m => m.Matched)
            .FirstOrDefault();
        return best.Item is null ? null : (new ItemList([new StructuredScope(best.Item.Data, best.Item.Source, Evidence)], best.Item.Source), best.Item.Type);
    }

    /// <summary>The page's repeated records (<see cref="RecordFinder"/>) whose roles and shapes fill the item's fields best.</summary>
    private ItemList? RepeatedRecords(SchemaField itemField)
    {
        if (Evidence.Document?.Body is not { } body)
        {
            return null;
        }
        var scalarFields = itemField.Properties.Where(p => p.IsScalar).ToList();
        if (scalarFields.Count == 0)
        {
            return null;
        }
        recordRegions ??= RecordFinder.Find(body);
        // A cheap first cut (records × words), then the best few are filled for real.
        var shortlist = recordRegions
            .Select(r => (Region: r, Text: r.Records.Take(8).Average(rec => rec.Sum(TextLength))))
            .Where(r => r.Text >= 2)
            .OrderByDescending(r => r.Region.Records.Count * Math.Log2(2 + r.Text) * (r.Region.InPageFurniture ? 0.2 : 1))
            .Take(8);
        (RecordRegion Region, List<RecordScope> Sample, double Score)? best = null;
        foreach (var (region, text) in shortlist)
        {
            var sample = region.Records.Take(6).Select(r => new RecordScope(r, ExtractionSources.Repeated, Evidence)).ToList();
            var filled = 0.0;
            foreach (var field in scalarFields)
            {
                filled += (double)sample.Count(r => Fills(r, field)) / sample.Count;
            }
            if (filled < 0.5)
            {
                continue;
            }
            // A record of several siblings starts with its title: the alignment whose first sibling holds it wins.
            var aligned = region.Span == 1 ? 1.0 : 0.5 + (0.5 * sample.Count(r => r.TitleInFirstPart()) / sample.Count);
            // Records that fill most of the item's fields outweigh many that fill one (reviews beside product cards).
            var share = filled / scalarFields.Count;
            var score = region.Records.Count * share * share * share * Math.Log2(2 + text) * aligned * (region.InPageFurniture ? 0.2 : 1);
            if (best is null || score > best.Value.Score)
            {
                best = (region, sample, score);
            }
        }
        // The sampled records keep what they found out while being scored.
        return best is null
            ? null
            : new ItemList([.. best.Value.Sample, .. best.Value.Region.Records.Skip(best.Value.Sample.Count).Select(r => new RecordScope(r, ExtractionSources.Repeated, Evidence))],
                ExtractionSources.Repeated);
    }

    /// <summary>The length of an element's text, counted once per element for the whole page.</summary>
    private int TextLength(IElement element)
    {
        textLengths ??= [];
        if (textLengths.TryGetValue(element, out var length))
        {
            return length;
        }
        foreach (var child in element.ChildNodes)
        {
            length += child switch
            {
                IText text => text.Data.Length,
                IElement inner when inner.LocalName is not ("script" or "style") => TextLength(inner),
                _ => 0,
            };
        }
        textLengths[element] = length;
        return length;
    }

    private bool Fills(RecordScope record, SchemaField field)
    {
        foreach (var candidate in record.Scalars(field))
        {
            var (value, problem) = FieldCoercion.Coerce(field, candidate.Raw, candidate.Source, Evidence);
            if (problem is null && value is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Each structured item joined with the page record of the same name or link, when there is one.</summary>
    private ItemList MergeWithRecords(ItemList list, ItemList records, SchemaField itemField)
    {
        var titleField = itemField.Properties.FirstOrDefault(p => p.IsTitle);
        var linkField = itemField.Properties.FirstOrDefault(IsLinkField);
        var byKey = new Dictionary<string, ValueScope>(StringComparer.Ordinal);
        foreach (var record in records.Items.OfType<RecordScope>())
        {
            foreach (var field in new[] { titleField, linkField })
            {
                if (field is not null && record.ByRole(field) is { Length: > 0 } key)
                {
                    byKey.TryAdd(MatchKey(key), record);
                }
            }
        }
        if (byKey.Count == 0)
        {
            return list;
        }
        var merged = list.Items.Select(item =>
        {
            foreach (var field in new[] { titleField, linkField })
            {
                if (field is not null && item.Scalars(field).FirstOrDefault()?.Raw is JsonValue raw && raw.TryGetValue<string>(out var key)
                    && byKey.TryGetValue(MatchKey(field == linkField ? Evidence.Absolute(key) : key), out var record))
                {
                    return (ValueScope)new MergedScope(item, record, Evidence);
                }
            }
            return item;
        }).ToList();
        return new ItemList(merged, list.Source);
    }

    private static string MatchKey(string text) => string.Concat(text.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    /// <summary>
    /// Runs of labelled values that repeat ("Name: …, Email: …" once per person): each time the
    /// first repeated property's label comes back, a new item starts.
    /// </summary>
    private ItemList? RepeatedLabelBlocks(SchemaField itemField)
    {
        var scalarFields = itemField.Properties.Where(p => p.IsScalar).ToList();
        if (scalarFields.Count < 2)
        {
            return null;
        }
        var labels = Evidence.Labels.Where(l => l.Source == ExtractionSources.Label).ToList();
        var named = labels.Select(l => scalarFields.FirstOrDefault(f => FieldNameMatch.Score(f.Terms, l.Label) >= FieldNameMatch.Synonym)).ToList();
        var starter = named.FirstOrDefault(f => f is not null && named.Count(n => n == f) >= 2);
        if (starter is null)
        {
            return null;
        }
        var items = new List<ValueScope>();
        List<TableCell>? cells = null;
        Dictionary<SchemaField, int>? columns = null;
        for (var i = 0; i < labels.Count; i++)
        {
            if (named[i] is not { } field)
            {
                continue;
            }
            if (field == starter)
            {
                cells = [];
                columns = [];
                items.Add(new RowScope(cells, columns, ExtractionSources.Label, Evidence));
            }
            if (cells is not null && columns!.TryAdd(field, cells.Count))
            {
                cells.Add(new TableCell(labels[i].Value));
            }
        }
        return items.Count >= 2 ? new ItemList(items, ExtractionSources.Label) : null;
    }

    /// <summary>JSON-LD ItemLists, and several structured items of one type (a listing's products).</summary>
    private IEnumerable<ItemList> StructuredLists(SchemaField itemField)
    {
        // ItemLists, and other lists (BreadcrumbList) when the field is named after them; named ones first.
        var lists = Evidence.Items
            .Where(i => i.Data["itemListElement"] is JsonArray && (i.Type == "ItemList" || NamesType(itemField, i.Type)))
            .OrderByDescending(i => NamesType(itemField, i.Type));
        foreach (var list in lists)
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
            .Where(g => g.Count() >= 2 && !g.Key.Type.EndsWith("List", StringComparison.Ordinal))
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
            : new ItemList([.. best.Value.Table.Rows.Select(r => new RowScope(r, best.Value.Columns, ExtractionSources.Table, Evidence))], ExtractionSources.Table);
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
}
