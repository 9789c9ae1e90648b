namespace ExtractApi.Jobs.Model;

/// <summary>The landed result row of an extraction (the JustCrawl <c>extraction_results</c> row). At most one per job.</summary>
public sealed class ExtractionResult
{
    public Guid Id { get; set; }
    public required string OrgId { get; set; }
    public Guid JobId { get; set; }
    public required string Domain { get; set; }
    public string? SchemaId { get; set; }
    public required string DataType { get; set; }
    /// <summary>The extracted, schema-shaped object (jsonb).</summary>
    public required string Normalized { get; set; }
    public string? RawBlobKey { get; set; }
    public double QualityCompleteness { get; set; }
    public double QualityValidation { get; set; }
    public double QualityComposite { get; set; }
    public int? LatencyMs { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
