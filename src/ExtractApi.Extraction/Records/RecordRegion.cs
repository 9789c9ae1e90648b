using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>
/// A run of repeated records under one parent: each record is one element or several consecutive
/// siblings (a title row followed by its details row).
/// </summary>
internal sealed record RecordRegion(IElement Parent, int Span, IReadOnlyList<IReadOnlyList<IElement>> Records)
{
    /// <summary>Inside the page's navigation, header or footer: menus repeat too, but hold no records.</summary>
    public bool InPageFurniture { get; init; }
}
