namespace ExtractApi.Jobs.Engine;

/// <summary>
/// The <c>extraction_results</c> row of a job, computed by its handler and landed later by the bulk writer
/// (<see cref="ResultWriter"/>). The writer fills id, org, job id and timestamps.
/// </summary>
public sealed record ResultRow(
    string Domain,
    string DataType,
    string NormalizedJson,
    string? SchemaId = null,
    string? RawBlobKey = null,
    double QualityCompleteness = 0,
    double QualityValidation = 0,
    double QualityComposite = 0,
    int? LatencyMs = null)
{
    /// <summary>The staged form (jsonb with the column names as keys) the writer reads with <c>jsonb_to_record</c>.</summary>
    public string ToStagedJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("domain", Domain);
            writer.WriteString("data_type", DataType);
            writer.WritePropertyName("normalized");
            writer.WriteRawValue(NormalizedJson);
            writer.WriteString("schema_id", SchemaId);
            writer.WriteString("raw_blob_key", RawBlobKey);
            writer.WriteNumber("quality_completeness", QualityCompleteness);
            writer.WriteNumber("quality_validation", QualityValidation);
            writer.WriteNumber("quality_composite", QualityComposite);
            if (LatencyMs is { } latency) writer.WriteNumber("latency_ms", latency);
            else writer.WriteNull("latency_ms");
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
