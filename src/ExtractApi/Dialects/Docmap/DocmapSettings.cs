using System.ComponentModel.DataAnnotations;

namespace ExtractApi.Dialects.Docmap;

/// <summary>The <c>Docmap</c> section.</summary>
public sealed class DocmapSettings
{
    public const string Section = "Docmap";

    /// <summary>Largest document accepted by <c>POST /v1/extractions</c>; larger ones are answered 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 10L * 1024 * 1024;

    /// <summary>How long a synchronous extraction call waits for its result before answering 202.</summary>
    [Range(0, 3600)]
    public int SyncWaitSeconds { get; set; } = 10;
}
