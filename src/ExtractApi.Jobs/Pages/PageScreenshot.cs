namespace ExtractApi.Jobs.Pages;

/// <summary>A screenshot taken of a page (its bytes and media type), stored as a blob with the page.</summary>
public sealed record PageScreenshot(byte[] Bytes, string ContentType);
