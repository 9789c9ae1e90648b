namespace ExtractApi.Extraction;

/// <summary>One item described twice (a JSON-LD ItemList entry and the page's record of it): the first scope's values, then the second's.</summary>
internal sealed class MergedScope(ValueScope first, ValueScope second, PageEvidence evidence) : ValueScope(evidence)
{
    public override IEnumerable<Candidate> Scalars(SchemaField field) => first.Scalars(field).Concat(second.Scalars(field));

    public override ValueScope Enter(SchemaField objectField) => first.Enter(objectField);

    public override IEnumerable<ItemList> ObjectLists(SchemaField arrayField) => first.ObjectLists(arrayField).Concat(second.ObjectLists(arrayField));

    public override IEnumerable<ValueList> ScalarLists(SchemaField arrayField) => first.ScalarLists(arrayField).Concat(second.ScalarLists(arrayField));
}
