namespace ExtractApi.Scraping;

/// <summary>
/// Tells a page whose content is built by its scripts (a single-page app's shell: next to no text in the body, an
/// empty root element, script bundles) from a page that carries its content. Such a shell is what a plain fetch gets;
/// in the automatic rendering mode it is rendered in the browser instead. Every fetched HTML page is asked, so this is
/// one forward scan of the markup that stops at the 200th character of text (where an ordinary page stops early)
/// rather than a parse.
/// </summary>
public static class ScriptShell
{
    /// <summary>Visible text below this many characters (whitespace aside) counts as "next to no text".</summary>
    public const int MaxShellTextLength = 200;

    private static readonly string[] RawTextElements = ["script", "style", "noscript", "template", "textarea", "title"];

    public static bool IsShell(string html)
    {
        var body = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var text = 0;
        for (var i = body < 0 ? 0 : body; i < html.Length; i++)
        {
            var c = html[i];
            if (c == '<')
            {
                i = SkipMarkup(html, i);
                continue;
            }
            if (!char.IsWhiteSpace(c) && ++text >= MaxShellTextLength) return false;
        }
        return HasScriptBundle(html);
    }

    /// <summary>The index of the last character of the tag (or comment, or raw-text element) that starts at <paramref name="at"/>.</summary>
    private static int SkipMarkup(string html, int at)
    {
        var rest = html.AsSpan(at);
        if (rest.StartsWith("<!--", StringComparison.Ordinal))
        {
            var end = html.IndexOf("-->", at + 4, StringComparison.Ordinal);
            return end < 0 ? html.Length : end + 2;
        }
        var close = html.IndexOf('>', at);
        if (close < 0) return html.Length;
        foreach (var name in RawTextElements)
        {
            if (rest.Length > name.Length + 1 && rest[1..].StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && !char.IsAsciiLetterOrDigit(rest[name.Length + 1]))
            {
                var end = html.IndexOf("</" + name, close, StringComparison.OrdinalIgnoreCase);
                return end < 0 ? html.Length : Math.Max(close, html.IndexOf('>', end) is var gt and >= 0 ? gt : html.Length);
            }
        }
        return close;
    }

    /// <summary>Whether a <c>script</c> tag loads code (<c>src</c>) or is a module.</summary>
    private static bool HasScriptBundle(string html)
    {
        for (var at = html.IndexOf("<script", StringComparison.OrdinalIgnoreCase); at >= 0;
             at = html.IndexOf("<script", at + 7, StringComparison.OrdinalIgnoreCase))
        {
            var close = html.IndexOf('>', at);
            if (close < 0) return false;
            var tag = html.AsSpan(at, close - at);
            if (tag.Contains(" src", StringComparison.OrdinalIgnoreCase) || tag.Contains("module", StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}
