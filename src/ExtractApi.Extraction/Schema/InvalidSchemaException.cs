using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction;

/// <summary>Thrown when a schema or template cannot be used; <see cref="Errors"/> name the offending paths so the API can answer 400.</summary>
public sealed class InvalidSchemaException : Exception
{
    public InvalidSchemaException() : this([])
    {
    }

    public InvalidSchemaException(string message) : this([new SchemaError("schema", message)])
    {
    }

    public InvalidSchemaException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = [new SchemaError("schema", message)];
    }

    public InvalidSchemaException(IReadOnlyList<SchemaError> errors)
        : base(errors.Count == 0 ? "Invalid schema." : string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<SchemaError> Errors { get; }
}
