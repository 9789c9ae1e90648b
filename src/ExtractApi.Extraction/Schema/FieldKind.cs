using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace ExtractApi.Extraction;

/// <summary>The kinds of value a schema field holds.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after JSON Schema's types.")]
public enum FieldKind
{
    Object,
    Array,
    Text,
    Number,
    WholeNumber,
    Boolean,
}
