using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// Tells a page whose content is built by its scripts (a single-page app's shell: next to no text in the body, an
/// empty root element, script bundles) from a page that carries its content. Such a shell is what a plain fetch gets;
/// in the automatic rendering mode it is rendered in the browser instead.
/// </summary>
public static class ScriptShell
{
    /// <summary>Visible text below this many characters counts as "next to no text".</summary>
    public const int MaxShellTextLength = 200;

    public static bool IsShell(string html)
    {
        var document = HtmlDocumentParser.ParseForReading(html);
        var scripts = document.QuerySelectorAll("script").Count(s => s.HasAttribute("src") || s.GetAttribute("type") == "module");
        if (scripts == 0 || document.Body is not { } body) return false;
        var text = 0;
        foreach (var node in body.Descendants<IText>())
        {
            if (node.ParentElement?.LocalName is "script" or "style" or "noscript" or "template") continue;
            foreach (var c in node.Data)
            {
                if (!char.IsWhiteSpace(c) && ++text >= MaxShellTextLength) return false;
            }
        }
        return true;
    }
}
