using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// HTML → Markdown (CommonMark plus GFM tables and strikethrough). Walks the DOM once, without
/// recursion (deeply nested pages cannot overflow the stack), and writes into one StringBuilder
/// through <see cref="MarkdownWriter"/>. Each element decides on entry what to write and pushes
/// what its exit must do, so entry and exit can never disagree.
/// </summary>
public sealed class MarkdownConverter
{
    private readonly MarkdownWriter writer;
    private readonly PageUrlResolver urls;
    private readonly Stack<ExitAction> exits = new();
    private readonly Stack<ListState> lists = new();
    private readonly Stack<TableState> tables = new();
    private readonly StringBuilder scratch = new();
    private readonly HashSet<string> openDelimiters = new(StringComparer.Ordinal);
    private readonly INode root;
    private HashSet<IElement>? tablesHoldingTables;
    private int openItems;
    private bool nestedListJustClosed;

    private MarkdownConverter(INode root, PageUrlResolver urls)
    {
        this.root = root;
        this.urls = urls;
        writer = new MarkdownWriter();
    }

    /// <summary>Parses <paramref name="html"/> and converts its body; relative URLs resolve against the page (or its <c>&lt;base href&gt;</c>).</summary>
    public static string Convert(string html, Uri pageUrl)
    {
        var document = HtmlDocumentParser.Parse(html);
        var root = (INode?)document.Body ?? document.DocumentElement;
        return Convert(root, PageUrls.DocumentBase(document, pageUrl));
    }

    /// <summary>Converts <paramref name="root"/> and everything inside it; <paramref name="baseUrl"/> is the already-resolved document base.</summary>
    public static string Convert(INode root, Uri baseUrl) => Convert(root, new PageUrlResolver(baseUrl));

    /// <summary>Converts <paramref name="root"/> with the page's URL references resolved by <paramref name="urls"/>.</summary>
    internal static string Convert(INode root, PageUrlResolver urls)
    {
        var converter = new MarkdownConverter(root, urls);
        converter.Walk(root);
        return converter.writer.ToString();
    }

    private enum ExitKind
    {
        None,
        Block,
        FlattenedBlock,
        Inline,
        RedundantInline,
        Link,
        Heading,
        List,
        ListItem,
        Blockquote,
        DefinitionTerm,
        Table,
        TableRow,
        TableCell,
    }

    /// <summary>
    /// What leaving an element must do: <see cref="Opening"/>/<see cref="Closing"/> are its delimiters,
    /// <see cref="Separation"/> the line ends a block asks for after itself, <see cref="ColumnSpan"/> a cell's width.
    /// </summary>
    private readonly record struct ExitAction(ExitKind Kind, IElement Element, string Opening = "", string Closing = "", int Separation = 2, int ColumnSpan = 1);

    private sealed class ListState(bool ordered, int next, bool reversed)
    {
        public bool Ordered { get; } = ordered;
        public int Next { get; set; } = next;
        public bool Reversed { get; } = reversed;
    }

    private sealed class TableState(int columns, bool isLayout)
    {
        public int Columns { get; } = columns;
        public bool IsLayout { get; } = isLayout;
        public bool HeaderWritten { get; set; }
        public int CellsInRow { get; set; }
    }

    private void Walk(INode root)
    {
        INode? node = root;
        while (node is not null)
        {
            var descend = node switch
            {
                IElement element => Enter(element),
                IText text => WriteTextNode(text.Data),
                _ => false,
            };
            if (descend && node.FirstChild is { } child)
            {
                node = child;
                continue;
            }

            if (descend)
            {
                Exit();
            }

            while (true)
            {
                if (node == root)
                {
                    node = null;
                    break;
                }

                if (node.FollowingSibling() is { } sibling)
                {
                    node = sibling;
                    break;
                }

                node = node.Parent!;
                Exit();
            }
        }
    }

    private bool WriteTextNode(string text)
    {
        if (nestedListJustClosed && !string.IsNullOrWhiteSpace(text))
        {
            // Text after a nested list would otherwise continue the nested item's last paragraph.
            writer.RequestSeparation(2);
            nestedListJustClosed = false;
        }

        writer.WriteText(text);
        return false;
    }

    /// <summary>Writes what comes before the element's content; true when its children are to be walked.</summary>
    private bool Enter(IElement element)
    {
        if (InvisibleElements.IsInvisible(element))
        {
            return false;
        }

        var name = element.LocalName;
        if (nestedListJustClosed)
        {
            // Inline content after a nested list would continue the nested item's last paragraph;
            // a block separates itself anyway.
            nestedListJustClosed = false;
            if (!IsBlock(name))
            {
                writer.RequestSeparation(2);
            }
        }

        switch (name)
        {
            // Widgets and embedded media carry no readable text of their own.
            case "svg" or "canvas" or "iframe" or "object" or "embed" or "select" or "textarea" or "video"
                or "audio" or "map" or "colgroup" or "col" or "datalist" or "math" or "dialog":
                return false;
            case "input":
                WriteCheckbox(element);
                return false;
            case "br":
                writer.LineBreak();
                return false;
            case "hr":
                WriteThematicBreak();
                return false;
            case "img":
                WriteImage(element);
                return false;
            case "pre":
                if (writer.IsFlattened)
                {
                    WriteCodeSpan(element);
                }
                else
                {
                    WriteCodeBlock(element);
                }

                return false;
            case "code" or "kbd" or "samp" or "tt":
                WriteCodeSpan(element);
                return false;
            case "a":
                return EnterLink(element);
            case "strong" or "b":
                return EnterInline(element, "**");
            case "em" or "i":
                return EnterInline(element, "*");
            case "del" or "s" or "strike":
                return EnterInline(element, "~~");
            case "thead" or "tbody" or "tfoot":
                return Push(new ExitAction(ExitKind.None, element));
        }

        if (!IsBlock(name))
        {
            return Push(new ExitAction(ExitKind.None, element));
        }

        if (writer.IsFlattened)
        {
            writer.Space();
            return Push(new ExitAction(ExitKind.FlattenedBlock, element));
        }

        return name switch
        {
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" => EnterHeading(element, name[1] - '0'),
            "ul" or "ol" or "menu" => EnterList(element),
            "li" => EnterListItem(element),
            "blockquote" => EnterBlockquote(element),
            "dt" => EnterDefinitionTerm(element),
            "dd" => EnterBlock(element, before: 1, after: 2),
            "table" => EnterTable(element),
            "tr" => EnterTableRow(element),
            "td" or "th" => EnterTableCell(element),
            _ => EnterBlock(element, before: 2, after: 2),
        };
    }

    private void Exit()
    {
        var exit = exits.Pop();
        switch (exit.Kind)
        {
            case ExitKind.Block:
                writer.RequestSeparation(exit.Separation);
                break;
            case ExitKind.FlattenedBlock:
                writer.Space();
                break;
            case ExitKind.Inline:
                writer.FlattenDepth--;
                writer.CloseInline(exit.Opening, exit.Closing);
                openDelimiters.Remove(exit.Opening);
                break;
            case ExitKind.RedundantInline:
                writer.FlattenDepth--;
                break;
            case ExitKind.Link:
                ExitLink(exit);
                break;
            case ExitKind.Heading:
                writer.FlattenDepth--;
                if (writer.CloseInline(exit.Opening, ""))
                {
                    writer.EscapeClosingHashes();
                }

                writer.RequestSeparation(2);
                writer.DropPendingSpace();
                break;
            case ExitKind.List:
                lists.Pop();
                writer.RequestSeparation(exit.Separation);
                nestedListJustClosed = openItems > 0;
                break;
            case ExitKind.ListItem:
                writer.PopContainer();
                openItems--;
                nestedListJustClosed = false;
                break;
            case ExitKind.Blockquote:
                writer.PopContainer();
                writer.RequestSeparation(2);
                break;
            case ExitKind.DefinitionTerm:
                writer.FlattenDepth--;
                writer.CloseInline("**", "**");
                openDelimiters.Remove("**");
                writer.RequestSeparation(1);
                break;
            case ExitKind.Table:
                tables.Pop();
                writer.RequestSeparation(2);
                break;
            case ExitKind.TableRow:
                ExitTableRow();
                break;
            case ExitKind.TableCell:
                writer.FlattenDepth--;
                writer.EndPipeEscaping();
                writer.DropPendingSpace();
                writer.WriteRaw(" |");
                for (var i = 1; i < exit.ColumnSpan; i++)
                {
                    writer.WriteRaw("  |");
                }

                tables.Peek().CellsInRow += exit.ColumnSpan;
                writer.DropPendingSpace();
                break;
        }
    }

    private bool Push(ExitAction exit)
    {
        exits.Push(exit);
        return true;
    }

    private bool EnterBlock(IElement element, int before, int after)
    {
        writer.RequestSeparation(before);
        return Push(new ExitAction(ExitKind.Block, element, Separation: after));
    }

    private bool EnterInline(IElement element, string delimiter)
    {
        writer.FlattenDepth++;
        // Strong inside strong is still strong, and "**a **b** c**" would not parse as nested.
        if (openDelimiters.Contains(delimiter))
        {
            return Push(new ExitAction(ExitKind.RedundantInline, element));
        }

        openDelimiters.Add(delimiter);
        writer.OpenInline(delimiter);
        return Push(new ExitAction(ExitKind.Inline, element, delimiter, delimiter));
    }

    private bool EnterHeading(IElement element, int level)
    {
        writer.RequestSeparation(2);
        var opening = level switch
        {
            1 => "# ",
            2 => "## ",
            3 => "### ",
            4 => "#### ",
            5 => "##### ",
            _ => "###### ",
        };
        writer.OpenInline(opening);
        writer.FlattenDepth++;
        return Push(new ExitAction(ExitKind.Heading, element, opening));
    }

    private bool EnterDefinitionTerm(IElement element)
    {
        writer.RequestSeparation(2);
        writer.FlattenDepth++;
        if (openDelimiters.Contains("**"))
        {
            return Push(new ExitAction(ExitKind.RedundantInline, element));
        }

        openDelimiters.Add("**");
        writer.OpenInline("**");
        return Push(new ExitAction(ExitKind.DefinitionTerm, element));
    }

    private bool EnterLink(IElement element)
    {
        var href = element.GetAttribute("href");
        var target = href is null ? null : urls.Absolute(href);
        if (target is null || PageUrlResolver.HasScheme(target, "javascript"))
        {
            return Push(new ExitAction(ExitKind.None, element));
        }

        writer.OpenInline("[");
        writer.FlattenDepth++;
        return Push(new ExitAction(ExitKind.Link, element, "[", LinkTail(target, element.GetAttribute("title"))));
    }

    private void ExitLink(ExitAction exit)
    {
        writer.FlattenDepth--;
        if (writer.CloseInline("[", exit.Closing))
        {
            return;
        }

        // An icon link has no text of its own; its accessible name is the best label there is.
        var label = exit.Element.GetAttribute("aria-label") ?? exit.Element.GetAttribute("title");
        if (!string.IsNullOrWhiteSpace(label))
        {
            writer.BeginContent();
            writer.WriteRaw('[');
            writer.AppendLabel(label);
            writer.WriteRaw(exit.Closing);
        }
    }

    /// <summary>"](url "title")": the destination goes in angle brackets when parentheses or spaces would end it early.</summary>
    private static string LinkTail(string url, string? title)
    {
        var bracketed = url.AsSpan().IndexOfAny("() ") >= 0;
        if (string.IsNullOrWhiteSpace(title))
        {
            // The usual case, one string per link (a page of 400,000 links writes as many).
            return bracketed ? string.Concat("](<", url, ">)") : string.Concat("](", url, ")");
        }

        var builder = new StringBuilder(url.Length + title.Length + 12).Append("](");
        if (bracketed)
        {
            builder.Append('<').Append(url).Append('>');
        }
        else
        {
            builder.Append(url);
        }

        AppendTitle(builder, title);
        return builder.Append(')').ToString();
    }

    private static void AppendTitle(StringBuilder builder, string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return;
        }

        builder.Append(" \"");
        var space = false;
        foreach (var c in title.AsSpan().Trim())
        {
            if (MarkdownWriter.IsHtmlSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        builder.Append('"');
    }

    private void WriteImage(IElement element)
    {
        var target = ImageSource(element) is { } source ? urls.Absolute(source) : null;
        if (target is null || PageUrlResolver.HasScheme(target, "data") || PageUrlResolver.HasScheme(target, "javascript"))
        {
            return;
        }

        writer.BeginContent();
        writer.WriteRaw("![");
        writer.AppendLabel(element.GetAttribute("alt") ?? "");
        writer.WriteRaw(LinkTail(target, element.GetAttribute("title")));
    }

    /// <summary>
    /// Lazy loaders keep the real address aside (<c>data-src</c> and its variants, or a <c>srcset</c>) and a
    /// placeholder in <c>src</c> (a data: URI or a tiny "loading" image): the real address wins.
    /// </summary>
    private static string? ImageSource(IElement element)
    {
        foreach (var name in (ReadOnlySpan<string>)["data-src", "data-lazy-src", "data-original", "data-srcset", "data-lazy-srcset"])
        {
            if (FirstCandidate(element.GetAttribute(name)) is { } lazy)
            {
                return lazy;
            }
        }

        var source = element.GetAttribute("src");
        if (!string.IsNullOrWhiteSpace(source) && !source.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return source;
        }

        return FirstCandidate(element.GetAttribute("srcset")) ?? source;
    }

    /// <summary>The URL of a srcset's first candidate ("a.jpg 1x, b.jpg 2x" → "a.jpg"); a plain URL as it is.</summary>
    private static string? FirstCandidate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var candidate = value.AsSpan().Trim();
        var end = candidate.IndexOfAny(' ', '\t', '\n');
        var url = (end < 0 ? candidate : candidate[..end]).TrimEnd(',');
        return url.Length == 0 || url.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? null : url.ToString();
    }

    private void WriteCheckbox(IElement element)
    {
        if (openItems == 0 || !"checkbox".Equals(element.GetAttribute("type"), StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        writer.BeginContent();
        writer.WriteRaw(element.HasAttribute("checked") ? "[x]" : "[ ]");
        writer.Space();
    }

    private void WriteThematicBreak()
    {
        if (writer.IsFlattened)
        {
            writer.Space();
            return;
        }

        writer.RequestSeparation(2);
        writer.BeginContent();
        writer.WriteRaw("---");
        writer.RequestSeparation(2);
    }

    private void WriteCodeSpan(IElement element)
    {
        scratch.Clear();
        CollectText(element, scratch, preserveWhitespace: false);
        var collapsed = scratch.ToString();
        var code = collapsed.Trim();
        if (code.Length == 0)
        {
            writer.Space();
            return;
        }

        // Spaces at the edges of the code element still separate it from the text around it.
        if (collapsed[0] == ' ')
        {
            writer.Space();
        }

        if (writer.IsEscapingPipes && code.Contains('|', StringComparison.Ordinal))
        {
            // GFM reads "\|" inside a code span in a cell as a pipe, Markdig keeps the backslash:
            // plain escaped text reads the same in both, at the cost of the monospace.
            writer.WriteText(collapsed);
            return;
        }

        var fence = new string('`', LongestBacktickRun(code) + 1);
        // A code span that starts or ends with a backtick needs a space between it and the fence.
        var pad = code[0] == '`' || code[^1] == '`';
        writer.BeginContent();
        if (writer.EndsWith('`'))
        {
            // Two code spans side by side would join their fences into one longer run.
            writer.WriteRaw(' ');
        }

        writer.WriteRaw(fence);
        if (pad)
        {
            writer.WriteRaw(' ');
        }

        writer.WriteVerbatim(code);
        if (pad)
        {
            writer.WriteRaw(' ');
        }

        writer.WriteRaw(fence);
        if (collapsed[^1] == ' ')
        {
            writer.Space();
        }
    }

    private void WriteCodeBlock(IElement pre)
    {
        scratch.Clear();
        CollectText(pre, scratch, preserveWhitespace: true);
        var code = scratch.ToString().AsSpan().TrimEnd();
        // Leading blank lines are markup layout, not code; leading spaces on the first line are code.
        while (code.Length > 0 && code[0] == '\n')
        {
            code = code[1..];
        }

        if (code.IsWhiteSpace())
        {
            return;
        }

        var fence = new string('`', Math.Max(3, LongestBacktickRun(code) + 1));
        writer.RequestSeparation(2);
        writer.BeginContent();
        writer.WriteRaw(fence);
        writer.WriteRaw(CodeLanguage(pre));
        foreach (var line in code.EnumerateLines())
        {
            writer.NewLine(blank: line.IsEmpty);
            writer.WriteVerbatim(line);
        }

        writer.NewLine();
        writer.WriteRaw(fence);
        writer.RequestSeparation(2);
    }

    /// <summary>The language of a code block from <c>language-x</c>/<c>lang-x</c> on the pre or its code.</summary>
    private static string CodeLanguage(IElement pre)
    {
        var language = LanguageFromClass(pre.GetAttribute("class"));
        if (language.Length == 0 && pre.FirstElementChild is { LocalName: "code" } code)
        {
            language = LanguageFromClass(code.GetAttribute("class"));
        }

        return language;
    }

    private static string LanguageFromClass(string? classes)
    {
        if (classes is null)
        {
            return "";
        }

        foreach (var range in classes.AsSpan().SplitAny(" \t\n\r\f"))
        {
            var token = classes.AsSpan(range);
            ReadOnlySpan<char> language = token.StartsWith("language-") ? token[9..]
                : token.StartsWith("lang-") ? token[5..]
                : [];
            if (language.Length > 0 && language.IndexOfAny("`~") < 0)
            {
                return language.ToString();
            }
        }

        return "";
    }

    private static int LongestBacktickRun(ReadOnlySpan<char> text)
    {
        int longest = 0, current = 0;
        foreach (var c in text)
        {
            current = c == '`' ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }

    /// <summary>
    /// The visible text under <paramref name="root"/>, iteratively. Without preserved whitespace every
    /// run of spaces becomes one space (as a browser shows inline code); with it, <c>&lt;br&gt;</c> is a newline.
    /// </summary>
    private static void CollectText(IElement root, StringBuilder into, bool preserveWhitespace)
    {
        INode? node = root.FirstChild;
        while (node is not null)
        {
            var descend = false;
            if (node is IText text)
            {
                AppendCodeText(into, text.Data, preserveWhitespace);
            }
            else if (node is IElement element && !InvisibleElements.IsInvisible(element))
            {
                if (element.LocalName == "br")
                {
                    into.Append(preserveWhitespace ? '\n' : ' ');
                }
                else
                {
                    descend = true;
                }
            }

            node = DocumentOrder.Next(node, root, descend);
        }
    }

    private static void AppendCodeText(StringBuilder into, string text, bool preserveWhitespace)
    {
        if (preserveWhitespace)
        {
            into.Append(text);
            return;
        }

        foreach (var c in text)
        {
            if (MarkdownWriter.IsHtmlSpace(c))
            {
                if (into.Length > 0 && into[^1] != ' ')
                {
                    into.Append(' ');
                }
            }
            else
            {
                into.Append(c);
            }
        }
    }

    private bool EnterList(IElement element)
    {
        var ordered = element.LocalName == "ol";
        var reversed = ordered && element.HasAttribute("reversed");
        var start = 1;
        if (ordered && int.TryParse(element.GetAttribute("start"), out var parsed) && parsed is >= 0 and < 1_000_000_000)
        {
            start = parsed;
        }
        else if (reversed)
        {
            start = element.Children.Count(child => child.LocalName == "li");
        }

        lists.Push(new ListState(ordered, start, reversed));
        var separation = openItems > 0 ? 1 : 2;
        writer.RequestSeparation(separation);
        nestedListJustClosed = false;
        return Push(new ExitAction(ExitKind.List, element, Separation: separation));
    }

    private bool EnterListItem(IElement element)
    {
        string marker;
        if (lists.TryPeek(out var list) && list.Ordered)
        {
            var number = Math.Max(0, list.Next);
            marker = number + ". ";
            list.Next += list.Reversed ? -1 : 1;
        }
        else
        {
            marker = "- ";
        }

        writer.RequestSeparation(1);
        writer.PushContainer(new string(' ', marker.Length), marker);
        openItems++;
        nestedListJustClosed = false;
        return Push(new ExitAction(ExitKind.ListItem, element));
    }

    private bool EnterBlockquote(IElement element)
    {
        writer.RequestSeparation(2);
        writer.PushContainer("> ", null);
        return Push(new ExitAction(ExitKind.Blockquote, element));
    }

    private bool EnterTable(IElement element)
    {
        var columns = 0;
        if (element is IHtmlTableElement table)
        {
            foreach (var row in table.Rows)
            {
                var width = 0;
                foreach (var cell in row.Cells)
                {
                    width += ColumnSpan(cell);
                }

                columns = Math.Max(columns, width);
            }
        }

        // One column, or tables inside tables, is page layout rather than data: keep its blocks.
        var isLayout = columns <= 1 || HoldsTable(element);
        if (!isLayout && element is IHtmlTableElement data)
        {
            // Data tables do not nest, so reading each one's text keeps the walk linear.
            if (string.IsNullOrWhiteSpace(data.TextContent.Replace('\u00A0', ' ')) && data.QuerySelector("img") is null)
            {
                // Spacers and empty grids: nothing a reader would see as a table.
                return false;
            }

            PutFooterLast(data);
        }

        tables.Push(new TableState(columns, isLayout));
        writer.RequestSeparation(2);
        return Push(new ExitAction(ExitKind.Table, element));
    }

    /// <summary>
    /// Whether a table has a table inside it. Found for every table at once, on the first table met, by going up
    /// from each table until an ancestor already known to hold one: linear however deep layout tables nest,
    /// where asking each table about its own subtree would read nested tables' cells again at every level.
    /// </summary>
    private bool HoldsTable(IElement table)
    {
        if (tablesHoldingTables is null)
        {
            tablesHoldingTables = [];
            foreach (var inner in (root as IParentNode)?.QuerySelectorAll("table") ?? Enumerable.Empty<IElement>())
            {
                for (var ancestor = inner.ParentElement; ancestor is not null; ancestor = ancestor.ParentElement)
                {
                    if ((ancestor.LocalName == "table" && !tablesHoldingTables.Add(ancestor)) || ancestor == root)
                    {
                        break;
                    }
                }
            }
        }

        return tablesHoldingTables.Contains(table);
    }

    /// <summary>
    /// A <c>&lt;tfoot&gt;</c> written before the body (as HTML 4 asked) is shown after it, and one that repeats
    /// the header row (as scripted data grids do) is not shown again.
    /// </summary>
    private static void PutFooterLast(IHtmlTableElement table)
    {
        if (table.Foot is not { } foot || foot.ParentElement != table)
        {
            return;
        }

        if (table.Head is { } head && Collapse(head.TextContent) == Collapse(foot.TextContent))
        {
            foot.Remove();
        }
        else if (foot.NextElementSibling is not null)
        {
            table.AppendChild(foot);
        }

        static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static int ColumnSpan(IElement cell) =>
        int.TryParse(cell.GetAttribute("colspan"), out var span) ? Math.Clamp(span, 1, 100) : 1;

    private bool EnterTableRow(IElement element)
    {
        if (!tables.TryPeek(out var table) || table.IsLayout)
        {
            return EnterBlock(element, before: 2, after: 2);
        }

        table.CellsInRow = 0;
        writer.RequestSeparation(table.HeaderWritten ? 1 : 2);
        writer.DropPendingSpace();
        return Push(new ExitAction(ExitKind.TableRow, element));
    }

    private bool EnterTableCell(IElement element)
    {
        if (!tables.TryPeek(out var table) || table.IsLayout || exits.Peek().Kind != ExitKind.TableRow)
        {
            return EnterBlock(element, before: 2, after: 2);
        }

        if (table.CellsInRow == 0)
        {
            writer.BeginContent();
            writer.WriteRaw('|');
        }

        var span = Math.Min(ColumnSpan(element), Math.Max(1, table.Columns - table.CellsInRow));
        writer.WriteRaw(' ');
        writer.DropPendingSpace();
        writer.FlattenDepth++;
        writer.BeginPipeEscaping();
        return Push(new ExitAction(ExitKind.TableCell, element, ColumnSpan: span));
    }

    private void ExitTableRow()
    {
        var table = tables.Peek();
        if (table.CellsInRow == 0)
        {
            return;
        }

        for (var i = table.CellsInRow; i < table.Columns; i++)
        {
            writer.WriteRaw("  |");
        }

        if (!table.HeaderWritten)
        {
            // GFM needs a header row; without <thead>/<th> the first row plays that part.
            writer.NewLine();
            writer.WriteRaw('|');
            for (var i = 0; i < table.Columns; i++)
            {
                writer.WriteRaw(" --- |");
            }

            table.HeaderWritten = true;
        }

        writer.DropPendingSpace();
    }

    private static bool IsBlock(string name) => name switch
    {
        "p" or "div" or "section" or "article" or "main" or "header" or "footer" or "nav" or "aside"
            or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol" or "menu" or "li"
            or "blockquote" or "table" or "tr" or "td" or "th" or "caption" or "dl" or "dt" or "dd"
            or "figure" or "figcaption" or "address" or "details" or "summary" or "fieldset" or "legend"
            or "form" or "hgroup" or "center" or "search" or "body" or "html" or "option" or "optgroup" => true,
        _ => false,
    };
}
