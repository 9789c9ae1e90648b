namespace ExtractApi.Jobs.Model;

/// <summary>A stored JSON Schema that JustCrawl extraction jobs name by id. Shared within an organisation.</summary>
public sealed class StoredSchema
{
    public Guid Id { get; set; }
    public required string OrgId { get; set; }
    public required string Name { get; set; }
    /// <summary>What one extracted record is (product, article...): becomes the result row's <c>dataType</c>.</summary>
    public required string DataType { get; set; }
    /// <summary>The JSON Schema (jsonb).</summary>
    public required string Schema { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
