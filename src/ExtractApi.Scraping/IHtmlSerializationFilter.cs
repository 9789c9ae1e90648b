using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// What a serialization leaves out and how it spells attribute values (the cleaned HTML leaves out hidden elements and
/// writes URLs absolute); the tree itself is never changed.
/// </summary>
public interface IHtmlSerializationFilter
{
    /// <summary>False for a node (below the root) that is written with none of its subtree.</summary>
    bool Keeps(INode node);

    /// <summary>The value written for <paramref name="attribute"/> of <paramref name="element"/>.</summary>
    string ValueOf(IElement element, IAttr attribute);
}
