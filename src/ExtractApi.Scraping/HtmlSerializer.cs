using System.Buffers;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// The HTML fragment serialization algorithm, as one walk of the tree with an explicit stack: linear in the size of
/// the tree and independent of its depth. AngleSharp's own <c>OuterHtml</c> looks up every node's next sibling by
/// searching the parent's children, which is quadratic in the number of siblings (350,000 links side by side took
/// over a minute). The output is AngleSharp's, character for character (tests compare them on realistic pages):
/// void elements get no end tag; the text of raw text elements (<c>script</c>, <c>style</c>, <c>xmp</c>,
/// <c>iframe</c>, <c>noembed</c>, <c>noframes</c>, <c>plaintext</c>, and <c>noscript</c> when scripting is on) is
/// written as it is; other text escapes <c>&amp;</c>, no-break space, <c>&lt;</c> and <c>&gt;</c>; attribute values
/// escape <c>&amp;</c>, no-break space, <c>"</c>, <c>&lt;</c> and <c>&gt;</c> (the 2025 rule); a <c>pre</c> or <c>textarea</c> whose text starts with a line feed
/// starts with one more (the parser drops the first); a <c>template</c> writes its content.
/// </summary>
public static class HtmlSerializer
{
    private const string XmlNamespace = "http://www.w3.org/XML/1998/namespace";
    private const string XLinkNamespace = "http://www.w3.org/1999/xlink";
    private const string XmlnsNamespace = "http://www.w3.org/2000/xmlns/";

    private static readonly SearchValues<char> TextSpecials = SearchValues.Create("&\u00A0<>");
    private static readonly SearchValues<char> AttributeSpecials = SearchValues.Create("&\u00A0\"<>");

    /// <summary><paramref name="root"/> and its subtree as HTML (an element's outer HTML; a document's or fragment's children).</summary>
    public static string Serialize(INode root, IHtmlSerializationFilter? filter = null)
    {
        var output = new StringBuilder();
        Write(root, output, filter);
        return output.ToString();
    }

    /// <summary>Appends <paramref name="root"/> and its subtree to <paramref name="output"/>.</summary>
    public static void Write(INode root, StringBuilder output, IHtmlSerializationFilter? filter = null)
    {
        // Each open element with the children still to write (a template's come from its content).
        var open = new Stack<(IElement Element, INodeList Children, int Next)>();
        INode? node = root;
        while (true)
        {
            if (node is not null)
            {
                PageWork.Check();
                if (node is IElement element)
                {
                    WriteStartTag(element, output, filter);
                    var children = element is IHtmlTemplateElement template ? template.Content.ChildNodes : element.ChildNodes;
                    var first = FirstKept(children, filter);
                    if (first < 0)
                    {
                        WriteEndTag(element, output);
                    }
                    else
                    {
                        // The parser drops a line feed right after <pre>, <textarea> and <listing>: one that belongs to the text is doubled.
                        if ((element.Flags & (NodeFlags.LineTolerance | NodeFlags.SelfClosing)) == NodeFlags.LineTolerance
                            && children[first] is IText text && text.Data.StartsWith('\n'))
                        {
                            output.Append('\n');
                        }
                        open.Push((element, children, first));
                    }
                }
                else if (node is IDocument or IDocumentFragment)
                {
                    // Only their children are written (a document is only ever the root; it has a handful of children).
                    var children = node.ChildNodes;
                    foreach (var child in children) Write(child, output, filter);
                }
                else
                {
                    WriteLeaf(node, output);
                }
            }

            // The next node to write: the next kept child of the innermost open element, closing the finished ones.
            node = null;
            while (open.Count > 0)
            {
                var (parent, children, next) = open.Pop();
                while (next < children.Length && filter is not null && !filter.Keeps(children[next])) next++;
                if (next < children.Length)
                {
                    open.Push((parent, children, next + 1));
                    node = children[next];
                    break;
                }
                WriteEndTag(parent, output);
            }
            if (node is null) return;
        }
    }

    private static int FirstKept(INodeList children, IHtmlSerializationFilter? filter)
    {
        var first = 0;
        while (first < children.Length && filter is not null && !filter.Keeps(children[first])) first++;
        return first < children.Length ? first : -1;
    }

    private static void WriteStartTag(IElement element, StringBuilder output, IHtmlSerializationFilter? filter)
    {
        output.Append('<');
        if (!string.IsNullOrEmpty(element.Prefix)) output.Append(element.Prefix).Append(':');
        output.Append(element.LocalName);
        var attributes = element.Attributes;
        for (var i = 0; i < attributes.Length; i++)
        {
            var attribute = attributes[i]!;
            output.Append(' ');
            WriteAttributeName(attribute, output);
            var value = filter is null ? attribute.Value : filter.ValueOf(element, attribute);
            if (value is null) continue;
            output.Append("=\"");
            Escape(value, AttributeSpecials, output);
            output.Append('"');
        }
        output.Append('>');
    }

    private static void WriteAttributeName(IAttr attribute, StringBuilder output)
    {
        switch (attribute.NamespaceUri)
        {
            case null or "":
                output.Append(attribute.LocalName);
                break;
            case XmlNamespace:
                output.Append("xml:").Append(attribute.LocalName);
                break;
            case XLinkNamespace:
                output.Append("xlink:").Append(attribute.LocalName);
                break;
            case XmlnsNamespace:
                output.Append(attribute.LocalName == "xmlns" ? "xmlns" : "xmlns:" + attribute.LocalName);
                break;
            default:
                output.Append(attribute.Name);
                break;
        }
    }

    private static void WriteEndTag(IElement element, StringBuilder output)
    {
        // A void element has no end tag.
        if ((element.Flags & NodeFlags.SelfClosing) != 0) return;
        output.Append("</");
        if (!string.IsNullOrEmpty(element.Prefix)) output.Append(element.Prefix).Append(':');
        output.Append(element.LocalName).Append('>');
    }

    private static void WriteLeaf(INode node, StringBuilder output)
    {
        switch (node)
        {
            case IComment comment:
                output.Append("<!--").Append(comment.Data).Append("-->");
                break;
            case IProcessingInstruction instruction:
                output.Append("<?").Append(instruction.Target).Append(' ').Append(instruction.Data).Append('>');
                break;
            case ICharacterData text when text.Parent is { } parent && (parent.Flags & NodeFlags.LiteralText) != 0:
                output.Append(text.Data);
                break;
            case ICharacterData text:
                Escape(text.Data, TextSpecials, output);
                break;
            case IDocumentType doctype:
                output.Append("<!DOCTYPE ").Append(doctype.Name);
                var (publicId, systemId) = (doctype.PublicIdentifier, doctype.SystemIdentifier);
                if (!string.IsNullOrEmpty(publicId) && !string.IsNullOrEmpty(systemId)) output.Append(" PUBLIC \"").Append(publicId).Append("\" \"").Append(systemId).Append('"');
                else if (!string.IsNullOrEmpty(publicId)) output.Append(" PUBLIC \"").Append(publicId).Append('"');
                else if (!string.IsNullOrEmpty(systemId)) output.Append(" SYSTEM \"").Append(systemId).Append('"');
                output.Append('>');
                break;
        }
    }

    private static void Escape(string value, SearchValues<char> specials, StringBuilder output)
    {
        var rest = value.AsSpan();
        while (true)
        {
            var at = rest.IndexOfAny(specials);
            if (at < 0)
            {
                output.Append(rest);
                return;
            }
            output.Append(rest[..at]);
            output.Append(rest[at] switch
            {
                '&' => "&amp;",
                '\u00A0' => "&nbsp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "&quot;",
            });
            rest = rest[(at + 1)..];
        }
    }
}
