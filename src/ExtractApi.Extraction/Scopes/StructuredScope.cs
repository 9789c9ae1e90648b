using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

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
