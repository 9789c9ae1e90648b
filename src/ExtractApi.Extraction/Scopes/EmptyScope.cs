using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>A scope with nothing in it: nested objects that no source describes.</summary>
internal sealed class EmptyScope : ValueScope
{
    private EmptyScope(PageEvidence evidence) : base(evidence)
    {
    }

    public static EmptyScope For(PageEvidence evidence) => new(evidence);

    public override IEnumerable<Candidate> Scalars(SchemaField field) => [];
}
