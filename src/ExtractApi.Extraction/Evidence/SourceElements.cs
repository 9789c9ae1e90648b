using AngleSharp.Dom;
using ExtractApi.Scraping;
using AngleSharp.Html.Dom;

namespace ExtractApi.Extraction;

/// <summary>
/// The elements a page's evidence is read from, gathered in one walk over the document in page order
/// (rather than one selector query over the whole tree for each kind).
/// </summary>
internal sealed class SourceElements
{
    /// <summary><c>script[type="application/ld+json" i]</c></summary>
    public List<IElement> JsonLdScripts { get; } = [];

    /// <summary><c>[itemscope]</c></summary>
    public List<IElement> MicrodataScopes { get; } = [];

    /// <summary><c>[typeof]</c></summary>
    public List<IElement> RdfaScopes { get; } = [];

    /// <summary><c>meta[content]</c></summary>
    public List<IElement> Metas { get; } = [];

    /// <summary>The first <c>link[rel="canonical"][href]</c>.</summary>
    public IElement? Canonical { get; private set; }

    public List<IHtmlTableElement> Tables { get; } = [];

    /// <summary><c>dl > dt, dl > div > dt</c></summary>
    public List<IElement> Terms { get; } = [];

    public static SourceElements Gather(IDocument document)
    {
        var elements = new SourceElements();
        if (document.DocumentElement is { } root)
        {
            elements.Add(root);
            elements.Walk(root);
        }
        return elements;
    }

    private void Walk(IElement parent) =>
        DocumentOrder.Walk(parent, node =>
        {
            if (node is not IElement element) return false;
            Add(element);
            return true;
        });

    private void Add(IElement element)
    {
        if (element.Attributes.Length > 0)
        {
            if (element.HasAttribute("itemscope"))
            {
                MicrodataScopes.Add(element);
            }
            if (element.HasAttribute("typeof"))
            {
                RdfaScopes.Add(element);
            }
        }
        switch (element.LocalName)
        {
            case "script" when string.Equals(element.GetAttribute("type"), "application/ld+json", StringComparison.OrdinalIgnoreCase):
                JsonLdScripts.Add(element);
                break;
            case "meta" when element.HasAttribute("content"):
                Metas.Add(element);
                break;
            case "link" when Canonical is null && element.GetAttribute("rel") == "canonical" && element.HasAttribute("href"):
                Canonical = element;
                break;
            case "table" when element is IHtmlTableElement table:
                Tables.Add(table);
                break;
            case "dt" when element.ParentElement is { LocalName: "dl" } or { LocalName: "div", ParentElement.LocalName: "dl" }:
                Terms.Add(element);
                break;
        }
    }
}
