namespace ExtractApi.Jobs.Model;

/// <summary>A Docmap extraction template: named variables to fill from a document.</summary>
public sealed class Template
{
    public required string Id { get; set; }
    public required string OwnerSubject { get; set; }
    public required string OrganisationId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>jsonb array of <c>{name, type, description}</c>.</summary>
    public required string Variables { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
