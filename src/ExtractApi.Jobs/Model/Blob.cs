namespace ExtractApi.Jobs.Model;

/// <summary>Stored bytes: raw HTML of a scraped page, an uploaded document. Swept with its job.</summary>
public sealed class Blob
{
    public required string Key { get; set; }
    public Guid? JobId { get; set; }
    public required string OwnerSubject { get; set; }
    public required string ContentType { get; set; }
    public required byte[] Content { get; set; }
    public long SizeBytes { get; set; }
    public DateTime CreatedAt { get; set; }
}
