using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

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
        if (IsImageField(field) && (element.GetAttribute("src") ?? ElementWalk.First(element, ElementWalk.IsImage)?.GetAttribute("src")) is { } src)
        {
            return Evidence.Absolute(src);
        }
        if (IsLinkField(field) && (element.GetAttribute("href") ?? ElementWalk.First(element, ElementWalk.IsLink)?.GetAttribute("href")) is { } href)
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
        var value = field.IsScalar ? ScalarOf(match, evidence, IsLinkField(field) || IsImageField(field)) : match;
        return value is null ? null : new Candidate(value, source);
    }

    /// <summary>Nested nodes whose values describe something else (a picture, the site, the page's container), never read for the item's own fields.</summary>
    private static readonly HashSet<string> NotDescribingTheItem = new(StringComparer.OrdinalIgnoreCase)
    {
        "image", "logo", "thumbnail", "thumbnailUrl", "photo", "video", "audio", "associatedMedia", "primaryImageOfPage", "publisher",
        "isPartOf", "sourceOrganization", "copyrightHolder", "provider", "breadcrumb", "potentialAction", "sameAs", "mainEntityOfPage",
        "comment", "review", "citation", "mentions", "about", "hasPart", "sponsor", "funder",
    };

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
        foreach (var (childKey, value) in item)
        {
            if (NotDescribingTheItem.Contains(childKey))
            {
                continue; // The url of its image, the name of its publisher's logo: not the item's own.
            }
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
    private static readonly string[] ValueKeys = ["name", "@value", "value", "ratingValue", "price", "url", "contentUrl", "text"];
    private static readonly string[] AddressKeys = ["url", "contentUrl", "@value", "value", "@id"];

    private static JsonNode? ScalarOf(JsonNode? node, PageEvidence evidence, bool wantAddress = false)
    {
        node = Resolve(node is JsonArray array ? array.FirstOrDefault() : node, evidence);
        if (node is JsonObject obj)
        {
            // An image or link field wants the object's address (an ImageObject's url), not its name.
            foreach (var key in wantAddress ? AddressKeys : ValueKeys)
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
