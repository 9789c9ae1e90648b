namespace ExtractApi.Rendering;

/// <summary>
/// How a screenshot is taken: the viewport or the whole page, JPEG <see cref="Quality"/> (PNG when null), and a
/// viewport size (the page's viewport when null).
/// </summary>
public sealed record ScreenshotSpec(bool FullPage = false, int? Quality = null, int? Width = null, int? Height = null);
