using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

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
        else if (IsImageField(field) && ElementWalk.First(element, ElementWalk.IsImage)?.GetAttribute("src") is { } src)
        {
            yield return new Candidate(JsonValue.Create(Evidence.Absolute(src))!, source);
        }
        else if (IsLinkField(field) && (element.LocalName == "a" ? element : ElementWalk.First(element, ElementWalk.IsLink))?.GetAttribute("href") is { } href)
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
        foreach (var candidate in ElementWalk.Descendants(root))
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
