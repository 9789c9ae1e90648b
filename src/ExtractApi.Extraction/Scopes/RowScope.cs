using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

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
