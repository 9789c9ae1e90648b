using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.Extraction;

/// <summary>Everything on one page or document that values can be read from, gathered once.</summary>
internal sealed class PageEvidence
{
    private static readonly JsonDocumentOptions LenientJson = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
    private static readonly HashSet<string> SkippedElements = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "svg", "head" };
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "dl", "section", "article",
        "header", "footer", "main", "aside", "nav", "blockquote", "pre", "address", "figure", "figcaption", "form", "fieldset", "hr", "br",
        "thead", "tbody", "tfoot", "caption", "body",
    };

    public IDocument? Document { get; private init; }
    public Uri? BaseUrl { get; private init; }
    public List<StructuredItem> Items { get; } = [];
    public List<LabelledValue> Meta { get; } = [];
    public List<LabelledValue> Labels { get; } = [];
    public List<TextTable> Tables { get; } = [];
    public List<string> Lines { get; } = [];

    private string? displayedTitle;
    private string? mainText;
    private bool displayedTitleRead;
    private bool mainTextRead;

    /// <summary>The title a reader sees (<see cref="PageTitle"/>), read on first use.</summary>
    public string? DisplayedTitle
    {
        get
        {
            if (!displayedTitleRead)
            {
                displayedTitle = Document is null ? null : PageTitle.Find(Document, BaseUrl);
                displayedTitleRead = true;
            }
            return displayedTitle;
        }
    }

    /// <summary>The text of the main content (<see cref="MainContentText"/>), read on first use: only long text fields need it.</summary>
    public string? MainText
    {
        get
        {
            if (!mainTextRead)
            {
                mainText = Document is null ? null : MainContentText.Read(Document);
                mainTextRead = true;
            }
            return mainText;
        }
    }

    /// <summary>JSON-LD nodes by "@id", to follow references such as <c>"author": {"@id": "#jane"}</c>.</summary>
    public Dictionary<string, JsonObject> NodesById { get; } = new(StringComparer.Ordinal);

    public static PageEvidence FromHtml(string html, string? url)
    {
        var document = HtmlDocumentParser.Parse(html);
        Uri.TryCreate(url, UriKind.Absolute, out var baseUrl);
        var evidence = new PageEvidence { Document = document, BaseUrl = baseUrl };
        var elements = SourceElements.Gather(document);
        evidence.ReadJsonLd(elements.JsonLdScripts);
        evidence.ReadScopedItems(elements.MicrodataScopes, "itemscope", "itemprop", "itemtype", ExtractionSources.Microdata);
        evidence.ReadScopedItems(elements.RdfaScopes, "typeof", "property", "typeof", ExtractionSources.Rdfa);
        evidence.ReadMeta(document, elements);
        evidence.ReadHtmlTables(elements.Tables);
        evidence.ReadDefinitionLists(elements.Terms);
        if (document.Body is { } body)
        {
            evidence.Lines.AddRange(RenderLines(body));
        }
        // HTML tables were read with their links above; only labelled lines are taken from the text.
        evidence.ReadLines(evidence.Lines, detectTables: false);
        return evidence;
    }

    public static PageEvidence FromText(string text)
    {
        var evidence = new PageEvidence();
        evidence.Lines.AddRange(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
        evidence.ReadLines(evidence.Lines, detectTables: true);
        return evidence;
    }

    /// <summary>Resolves an element's link or source against the page URL.</summary>
    public string Absolute(string href) =>
        BaseUrl is not null && Uri.TryCreate(BaseUrl, href, out var absolute) ? absolute.ToString() : href;

    private void ReadJsonLd(List<IElement> scripts)
    {
        foreach (var script in scripts)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(script.TextContent, documentOptions: LenientJson);
            }
            catch (JsonException)
            {
                continue; // Broken JSON-LD is common; the other sources still apply.
            }
            AddJsonLd(node);
        }
    }

    private void AddJsonLd(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var element in array)
                {
                    AddJsonLd(element);
                }
                break;
            case JsonObject obj:
                if (obj["@graph"] is JsonArray graph)
                {
                    AddJsonLd(graph);
                    if (obj["@type"] is null)
                    {
                        break;
                    }
                }
                Items.Add(new StructuredItem(obj, ExtractionSources.JsonLd));
                IndexIds(obj);
                break;
        }
    }

    private void IndexIds(JsonObject obj)
    {
        if (obj["@id"] is JsonValue id && id.TryGetValue<string>(out var key) && obj.Count > 1)
        {
            NodesById.TryAdd(key, obj);
        }
        foreach (var (_, value) in obj)
        {
            if (value is JsonObject child)
            {
                IndexIds(child);
            }
            else if (value is JsonArray array)
            {
                foreach (var element in array.OfType<JsonObject>())
                {
                    IndexIds(element);
                }
            }
        }
    }

    /// <summary>Microdata (itemscope/itemprop) and RDFa (typeof/property) share one shape: scopes holding named properties.</summary>
    private void ReadScopedItems(List<IElement> scopes, string scopeAttribute, string propertyAttribute, string typeAttribute, string source)
    {
        foreach (var scope in scopes)
        {
            if (scope.HasAttribute(propertyAttribute) && HasScopeAncestor(scope, scopeAttribute))
            {
                continue; // A nested item: read as a property of its parent.
            }
            Items.Add(new StructuredItem(ReadScope(scope, scopeAttribute, propertyAttribute, typeAttribute, depth: 1), source));
        }
    }

    private static bool HasScopeAncestor(IElement element, string scopeAttribute)
    {
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
        {
            if (parent.HasAttribute(scopeAttribute))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Items nest at most this deep (as JSON-LD does by the JSON reader's limit): a deeper item is read as its text.</summary>
    private const int MaxItemDepth = 64;

    private JsonObject ReadScope(IElement scope, string scopeAttribute, string propertyAttribute, string typeAttribute, int depth)
    {
        var item = new JsonObject();
        var type = scope.GetAttribute(typeAttribute);
        if (!string.IsNullOrWhiteSpace(type))
        {
            var first = type.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            item["@type"] = first[(Math.Max(first.LastIndexOf('/'), first.LastIndexOf(':')) + 1)..];
        }
        DocumentOrder.Walk(scope, node =>
        {
            if (node is not IElement child) return false;
            var names = child.GetAttribute(propertyAttribute);
            var isScope = child.HasAttribute(scopeAttribute);
            if (!string.IsNullOrWhiteSpace(names))
            {
                JsonNode value = isScope && depth < MaxItemDepth
                    ? ReadScope(child, scopeAttribute, propertyAttribute, typeAttribute, depth + 1)
                    : JsonValue.Create(PropertyValue(child));
                foreach (var rawName in names.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    // "schema:name", "http://schema.org/name" → "name"
                    var name = rawName[(Math.Max(rawName.LastIndexOf('/'), rawName.LastIndexOf(':')) + 1)..];
                    AddProperty(item, name, value.DeepClone());
                }
            }
            return !isScope;
        });
        return item;
    }

    private static void AddProperty(JsonObject item, string name, JsonNode value)
    {
        switch (item[name])
        {
            case null:
                item[name] = value;
                break;
            case JsonArray array:
                array.Add(value);
                break;
            case var existing:
                item[name] = new JsonArray(existing.DeepClone(), value);
                break;
        }
    }

    /// <summary>The value an element carries per the microdata rules: content, href, src, datetime or text.</summary>
    public string PropertyValue(IElement element)
    {
        if (element.GetAttribute("content") is { } content)
        {
            return content.Trim();
        }
        var attribute = element.LocalName switch
        {
            "a" or "link" or "area" => "href",
            "img" or "audio" or "video" or "source" or "iframe" or "embed" or "track" => "src",
            "object" => "data",
            "time" => "datetime",
            "data" or "meter" => "value",
            _ => null,
        };
        if (attribute is not null && element.GetAttribute(attribute) is { } attributeValue)
        {
            return attribute is "href" or "src" or "data" ? Absolute(attributeValue.Trim()) : attributeValue.Trim();
        }
        return ValueCoercion.CollapseWhitespace(VisibleText(element));
    }

    /// <summary>The value an element shows: its content or datetime attribute, a form value, else its visible text (never a link target).</summary>
    public static string TextValue(IElement element)
    {
        var attribute = element.GetAttribute("content") ?? element.LocalName switch
        {
            "time" => element.GetAttribute("datetime"),
            "input" or "data" or "meter" or "option" => element.GetAttribute("value"),
            _ => null,
        };
        return ValueCoercion.CollapseWhitespace(attribute ?? VisibleText(element));
    }

    /// <summary>The text a reader sees: without hidden parts (<see cref="Visibility"/>), scripts, or struck-out prices ("<s>$22.00</s> $18.50" is $18.50).</summary>
    public static string VisibleText(IElement element)
    {
        var text = new StringBuilder();
        DocumentOrder.Walk(element, child =>
        {
            if (child is IText textNode)
            {
                text.Append(textNode.Data);
            }
            else if (child is IElement inner && inner.LocalName is not ("s" or "del" or "strike") && !SkippedElements.Contains(inner.LocalName)
                && !Visibility.IsHidden(inner))
            {
                if (inner.LocalName is "br" or "p" or "div" or "li" or "td" or "th" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
                {
                    text.Append(' ');
                }
                return true;
            }
            return false;
        });
        return text.ToString();
    }

    private void ReadMeta(IDocument document, SourceElements elements)
    {
        foreach (var meta in elements.Metas)
        {
            if (meta.HasAttribute("itemprop"))
            {
                continue; // Microdata, read with its item.
            }
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name");
            var content = meta.GetAttribute("content");
            if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(content))
            {
                continue;
            }
            // "og:title" → "title", "product:price:amount" → "price amount", "article:published_time" → "published time".
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            var label = (colon >= 0 ? key[(colon + 1)..] : key).Replace(':', ' ');
            Meta.Add(new LabelledValue(label, ValueCoercion.CollapseWhitespace(content), ExtractionSources.Meta));
        }
        if (document.Title is { Length: > 0 } title)
        {
            Meta.Add(new LabelledValue("title", ValueCoercion.CollapseWhitespace(title), ExtractionSources.Meta));
        }
        if (elements.Canonical is { } canonical)
        {
            Meta.Add(new LabelledValue("url", Absolute(canonical.GetAttribute("href")!), ExtractionSources.Meta));
        }
    }

    private void ReadHtmlTables(List<IHtmlTableElement> tables)
    {
        foreach (var table in tables)
        {
            var rows = table.Rows.Where(r => r.Cells.Length > 0).ToList();
            if (rows.Count == 0)
            {
                continue;
            }
            var twoColumns = rows.All(r => r.Cells.Length == 2);
            foreach (var row in rows)
            {
                // A row led by a header cell, or a row of a two-column table, is a label and its value.
                var cells = row.Cells;
                if (cells.Length >= 2 && ((cells[0].LocalName == "th" && cells[1].LocalName == "td") || twoColumns))
                {
                    Labels.Add(new LabelledValue(CellText(cells[0]), CellText(cells[1]), ExtractionSources.Table));
                }
            }
            var headerRow = table.Head is { Rows.Length: > 0 } head ? head.Rows[0] : rows[0];
            if (rows.Count < 2 || headerRow.Cells.Length < 2)
            {
                continue;
            }
            var headers = headerRow.Cells.Select(CellText).ToList();
            var body = rows.Where(r => r != headerRow && r.Cells.Length == headers.Count && r.Cells.Any(c => c.LocalName == "td"))
                .Select(r => (IReadOnlyList<TableCell>)[.. r.Cells.Select(ReadCell)])
                .ToList();
            if (body.Count > 0)
            {
                Tables.Add(new TextTable(headers, body));
            }
        }
    }

    private static string CellText(IElement cell) => ValueCoercion.CollapseWhitespace(VisibleText(cell)).TrimEnd(':').TrimEnd();

    private TableCell ReadCell(IElement cell)
    {
        var link = ElementWalk.First(cell, ElementWalk.IsLink)?.GetAttribute("href");
        var image = ElementWalk.First(cell, ElementWalk.IsImage)?.GetAttribute("src");
        return new TableCell(CellText(cell), link is null ? null : Absolute(link), image is null ? null : Absolute(image));
    }

    private void ReadDefinitionLists(List<IElement> terms)
    {
        foreach (var term in terms)
        {
            if (term.FollowingElement() is { LocalName: "dd" } definition)
            {
                Labels.Add(new LabelledValue(CellText(term), ValueCoercion.CollapseWhitespace(VisibleText(definition)), ExtractionSources.Label));
            }
        }
    }

    /// <summary>The visible text as lines, one per block; table cells separated by tabs; struck-out prices left out.</summary>
    internal static List<string> RenderLines(INode root)
    {
        var text = new LineWriter();
        DocumentOrder.Walk(root, child =>
        {
            if (child is IText textNode)
            {
                text.Write(textNode.Data);
            }
            else if (child is IElement element && !SkippedElements.Contains(element.LocalName) && element.LocalName is not ("s" or "del" or "strike")
                && !Visibility.IsHidden(element))
            {
                if (BlockElements.Contains(element.LocalName))
                {
                    text.Write('\n');
                }
                return true;
            }
            return false;
        }, left =>
        {
            var element = (IElement)left;
            if (BlockElements.Contains(element.LocalName))
            {
                text.Write('\n');
            }
            else if (element.LocalName is "td" or "th")
            {
                text.Write('\t');
            }
        });
        return text.Finish();
    }

    /// <summary>"Label: value" lines, two-column lines ("Total due    $1,234.00") and column-aligned tables.</summary>
    private void ReadLines(List<string> lines, bool detectTables)
    {
        TextTable? open = null;
        List<IReadOnlyList<TableCell>>? openRows = null;
        string? pendingLabel = null;
        foreach (var line in lines)
        {
            var cells = TextLayout.Cells(line);
            if (pendingLabel is not null)
            {
                // "Invoice Number:" alone on a line, its value on the next.
                Labels.Add(new LabelledValue(pendingLabel, line.Trim(), ExtractionSources.Label));
                pendingLabel = null;
            }
            if (cells.Count == 1 && cells[0].Length <= 48 && cells[0].EndsWith(':'))
            {
                pendingLabel = cells[0].TrimEnd(':').Trim();
            }
            foreach (var cell in cells)
            {
                var colon = cell.IndexOf(':', StringComparison.Ordinal);
                // Not times ("10:30") nor URLs ("https://…").
                if (colon > 0 && colon <= 48 && colon < cell.Length - 1 && !char.IsDigit(cell[colon + 1])
                    && !cell.AsSpan(colon + 1).StartsWith("//", StringComparison.Ordinal))
                {
                    Labels.Add(new LabelledValue(cell[..colon].Trim(), cell[(colon + 1)..].Trim(), ExtractionSources.Label));
                }
            }
            if (cells.Count == 2 && !cells[0].Contains(':', StringComparison.Ordinal) && cells[0].Length <= 48)
            {
                Labels.Add(new LabelledValue(cells[0].Trim(), cells[1].Trim(), ExtractionSources.Label));
            }
            else if (cells.Count == 2 && cells[0].EndsWith(':'))
            {
                Labels.Add(new LabelledValue(cells[0].TrimEnd(':').Trim(), cells[1].Trim(), ExtractionSources.Label));
            }
            if (!detectTables)
            {
                continue;
            }
            // Tables in text: a run of lines with the same number (≥ 3) of columns; the first is the header.
            if (open is not null && cells.Count == open.Headers.Count && !cells.SequenceEqual(open.Headers))
            {
                openRows!.Add([.. cells.Select(c => new TableCell(c))]);
                continue;
            }
            if (open is not null && cells.SequenceEqual(open.Headers))
            {
                continue; // The header repeated on the next page: the same table goes on.
            }
            if (cells.Count >= 3 && cells.All(c => !ValueCoercion.TryNumber(c, out _)))
            {
                var existing = Tables.FirstOrDefault(t => t.Headers.SequenceEqual(cells));
                if (existing is not null)
                {
                    open = existing;
                    openRows = (List<IReadOnlyList<TableCell>>)existing.Rows;
                }
                else
                {
                    openRows = [];
                    open = new TextTable(cells, openRows);
                    Tables.Add(open);
                }
            }
            else
            {
                open = null; // Any other line ends the table ("Subtotal", "Page 1 of 2").
                openRows = null;
            }
        }
        Tables.RemoveAll(t => t.Rows.Count == 0);
    }
}
