using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Dialects.Docmap;

/// <summary>The <c>Docmap</c> section.</summary>
public sealed class DocmapSettings
{
    public const string Section = "Docmap";

    /// <summary>Largest request accepted by <c>POST /v1/extractions/run</c> (the JSON body with the base64 document; Docmap
    /// documents 15 MB) and largest document accepted by the multipart <c>POST /v1/extractions</c>; larger ones are answered 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 15L * 1024 * 1024;

    /// <summary>How long a synchronous extraction call waits for its result before answering 202 with the record <c>processing</c>.</summary>
    [Range(0, 3600)]
    public int SyncWaitSeconds { get; set; } = 10;

    /// <summary>The plan <c>GET /v1/usage</c> reports.</summary>
    [Required]
    [StringLength(50, MinimumLength = 1)]
    public string Plan { get; set; } = "self-hosted";

    /// <summary>Extractions a user may start per calendar month (UTC); past it, 429 <c>USAGE_LIMIT_EXCEEDED</c>. 0: no limit
    /// (<c>limit</c> is then null in <c>GET /v1/usage</c>).</summary>
    [Range(0, int.MaxValue)]
    public int MonthlyExtractionLimit { get; set; }
}
