using System.Buffers;
using System.Text;

namespace ExtractApi.Scraping;

/// <summary>
/// The output side of <see cref="MarkdownConverter"/>: one StringBuilder plus the state that makes
/// a single forward pass possible. Everything structural is written lazily — block separation,
/// line prefixes (blockquote "> ", list markers and indents), collapsed spaces and opening inline
/// delimiters wait until real content arrives, so empty elements leave no trace and no
/// post-processing pass over the text is needed.
/// </summary>
internal sealed class MarkdownWriter
{
    // Characters that need a decision in text; everything else is copied in runs.
    private static readonly SearchValues<char> SpecialInText = SearchValues.Create("\t\n\r\f\\*_[]`<&|~");

    // Grown chunk by chunk (no copying); a large initial capacity would land on the large object heap for every page.
    private readonly StringBuilder output = new();
    private readonly List<Container> containers = [];
    private readonly StringBuilder pendingOpen = new();
    private int pendingNewlines;
    private int pendingHardBreaks;
    private bool pendingSpace;
    private bool suppressSpace = true;
    private bool atLineStart = true;
    private int pipeEscapeDepth;
    private int containersAwaitingContent;
    private string lastClosing = "";
    private int lastClosingEnd = -1;
    private Opener lastClosedOpener;
    private readonly List<AwaitingCloser> closersAwaitingNext = [];

    // Where each open inline construct's opening delimiter was written (-1 while still pending),
    // so that emphasis CommonMark would not recognise can be taken back.
    private readonly List<Opener> openers = [];

    private readonly record struct Opener(int Position, int Length, bool AtLineStart = false);

    private readonly record struct AwaitingCloser(Opener Opener, int CloserLength, int CloserEnd);

    /// <summary>Inside links, emphasis, headings and table cells everything must stay on one line.</summary>
    public int FlattenDepth { get; set; }

    public bool IsFlattened => FlattenDepth > 0;

    /// <summary>A list item (marker on its first line, indent after) or a blockquote ("> " on every line).</summary>
    private sealed class Container(string indent, string? marker)
    {
        public string Indent { get; } = indent;
        public string? PendingMarker { get; set; } = marker;
        public bool HasContent { get; set; }
    }

    public void PushContainer(string indent, string? marker)
    {
        containers.Add(new Container(indent, marker));
        containersAwaitingContent++;
    }

    public void PopContainer()
    {
        if (!containers[^1].HasContent)
        {
            containersAwaitingContent--;
        }

        containers.RemoveAt(containers.Count - 1);
    }

    /// <summary>Asks for <paramref name="newlines"/> line ends (2 = blank line) before the next content.</summary>
    public void RequestSeparation(int newlines)
    {
        // At the very start of the output or of a list item / blockquote, a block starts where we are.
        if (output.Length == 0 || (containers.Count > 0 && !containers[^1].HasContent))
        {
            return;
        }

        pendingNewlines = Math.Max(pendingNewlines, newlines);
        pendingSpace = false;
    }

    public void LineBreak()
    {
        if (IsFlattened)
        {
            Space();
            return;
        }

        pendingHardBreaks++;
        pendingSpace = false;
    }

    /// <summary>A collapsible space: written only if content follows on the same line.</summary>
    public void Space()
    {
        if (!suppressSpace)
        {
            pendingSpace = true;
        }
    }

    public bool IsEscapingPipes => pipeEscapeDepth > 0;

    public void BeginPipeEscaping() => pipeEscapeDepth++;

    public void EndPipeEscaping() => pipeEscapeDepth--;

    /// <summary>Opens an inline construct ("**", "[", "## "); written only when content follows.</summary>
    public void OpenInline(string delimiter)
    {
        pendingOpen.Append(delimiter);
        openers.Add(new Opener(-1, delimiter.Length));
    }

    /// <summary>
    /// Closes an inline construct. Returns false when nothing was written inside it: the opening
    /// delimiter is then taken back and <paramref name="closing"/> is not written.
    /// </summary>
    public bool CloseInline(string opening, string closing)
    {
        var opener = openers[^1];
        openers.RemoveAt(openers.Count - 1);
        if (pendingOpen.Length >= opening.Length)
        {
            pendingOpen.Length -= opening.Length;
            return false;
        }

        var isEmphasis = opening.Length > 0 && opening[0] is '*' or '~';
        if (isEmphasis && CannotOpen(opener))
        {
            // foo*"bar"* is no emphasis in CommonMark: keep the text, drop the markup.
            RemoveOpener(opener);
            closersAwaitingNext.Clear();
            return true;
        }

        // The space before the closing delimiter moves after it: "**a **" would not be strong. A
        // non-breaking space is Unicode whitespace to CommonMark too: it moves out the same way.
        var trailingNonBreaking = 0;
        while (isEmphasis && output.Length - trailingNonBreaking > opener.Position + opener.Length
            && output[output.Length - trailingNonBreaking - 1] == '\u00A0')
        {
            trailingNonBreaking++;
        }

        output.Length -= trailingNonBreaking;
        var closerStart = output.Length;
        output.Append(closing);
        lastClosing = closing;
        lastClosingEnd = output.Length;
        lastClosedOpener = opener;
        output.Append('\u00A0', trailingNonBreaking);
        if (isEmphasis && trailingNonBreaking == 0 && IsPunctuation(CharBeforeDelimiters(closerStart)))
        {
            // *"bar"*baz is no emphasis either; whether it is depends on what comes next. Closers
            // written back to back ("***") stand or fall together.
            if (closersAwaitingNext.Count > 0 && closersAwaitingNext[^1].CloserEnd != closerStart)
            {
                closersAwaitingNext.Clear();
            }

            closersAwaitingNext.Add(new AwaitingCloser(opener, closing.Length, output.Length));
        }

        atLineStart = false;
        return true;
    }

    /// <summary>A left-flanking run must not sit between a letter and punctuation.</summary>
    private bool CannotOpen(Opener opener)
    {
        var before = CharBeforeDelimiters(opener.Position);
        var afterIndex = opener.Position + opener.Length;
        while (afterIndex < output.Length && output[afterIndex] is '*' or '~')
        {
            afterIndex++;
        }

        var after = afterIndex < output.Length ? output[afterIndex] : ' ';
        return IsPunctuation(after) && !char.IsWhiteSpace(before) && !IsPunctuation(before);
    }

    /// <summary>The character before <paramref name="index"/>, looking past other delimiters written right there.</summary>
    private char CharBeforeDelimiters(int index)
    {
        while (index > 0 && output[index - 1] is '*' or '~' && (index < 2 || output[index - 2] != '\\'))
        {
            index--;
        }

        return index > 0 ? output[index - 1] : ' ';
    }

    /// <summary>
    /// Called before text is written after closing delimiters that came right after punctuation:
    /// if a word character follows (possibly behind new opening delimiters, which join the same
    /// delimiter run), those closers cannot close and their emphasis is taken back.
    /// </summary>
    private void DropEmphasisThatCannotClose(char next)
    {
        if (closersAwaitingNext.Count == 0)
        {
            return;
        }

        var closersEnd = closersAwaitingNext[^1].CloserEnd;
        var followedByWord = closersEnd <= output.Length && !char.IsWhiteSpace(next) && !IsPunctuation(next);
        for (var i = closersEnd; followedByWord && i < output.Length; i++)
        {
            followedByWord = output[i] is '*' or '~';
        }

        if (followedByWord)
        {
            var closersLength = closersAwaitingNext.Sum(awaiting => awaiting.CloserLength);
            RemoveAt(closersEnd - closersLength, closersLength);

            // Innermost (last opened, furthest right) first, so the outer positions stay valid.
            foreach (var awaiting in closersAwaitingNext)
            {
                RemoveOpener(awaiting.Opener);
            }
        }

        closersAwaitingNext.Clear();
    }

    /// <summary>Takes back an opening delimiter; text it leaves at the start of a line may need escaping there.</summary>
    private void RemoveOpener(Opener opener)
    {
        RemoveAt(opener.Position, opener.Length);
        if (!opener.AtLineStart)
        {
            return;
        }

        var start = opener.Position;
        while (start < output.Length && output[start] is '*' or '~')
        {
            start++;
        }

        var lineStart = output.ToString(start, Math.Min(12, output.Length - start));
        if (lineStart.Length > 0 && LineStartEscapeIndex(lineStart, 0) is >= 0 and var escapeAt)
        {
            output.Insert(start + escapeAt, '\\');
            for (var i = 0; i < openers.Count; i++)
            {
                if (openers[i].Position >= start + escapeAt)
                {
                    openers[i] = openers[i] with { Position = openers[i].Position + 1 };
                }
            }
        }
    }

    private void RemoveAt(int position, int length)
    {
        output.Remove(position, length);
        // Later positions have moved; the merge of adjacent emphasis must not trust the old one.
        lastClosingEnd = -1;
        for (var i = 0; i < openers.Count; i++)
        {
            if (openers[i].Position > position)
            {
                openers[i] = openers[i] with { Position = openers[i].Position - length };
            }
        }
    }

    /// <summary>Punctuation as CommonMark's flanking rules see it: ASCII punctuation and Unicode P and S categories.</summary>
    private static bool IsPunctuation(char c) => char.IsPunctuation(c) || char.IsSymbol(c);

    private void AppendPendingOpen()
    {
        var firstPending = openers.Count;
        while (firstPending > 0 && openers[firstPending - 1].Position < 0)
        {
            firstPending--;
        }

        // <b>a</b><b>b</b> would give "**a****b**"; one span "**ab**" reads the same and parses.
        if (lastClosingEnd == output.Length && lastClosing.Length > 0 && firstPending < openers.Count
            && openers[firstPending].Length == lastClosing.Length && pendingOpen.ToString(0, lastClosing.Length) == lastClosing)
        {
            output.Length -= lastClosing.Length;
            pendingOpen.Remove(0, lastClosing.Length);
            openers[firstPending] = lastClosedOpener;
            firstPending++;
            closersAwaitingNext.Clear();
        }

        // "!" right before a link would turn it into an image.
        if (pendingOpen.Length > 0 && pendingOpen[0] == '[' && output.Length > 0 && output[^1] == '!')
        {
            output.Insert(output.Length - 1, '\\');
        }

        var position = output.Length;
        for (var i = firstPending; i < openers.Count; i++)
        {
            openers[i] = openers[i] with { Position = position, AtLineStart = atLineStart && i == firstPending };
            position += openers[i].Length;
        }

        output.Append(pendingOpen);
        pendingOpen.Clear();
        lastClosing = "";
        atLineStart = false;
    }

    /// <summary>Brings the output to the point where content may be written: separation, prefix, space, delimiters.</summary>
    public void BeginContent()
    {
        // A break before anything is on the line (start of the page or of a list item) breaks nothing.
        if (pendingNewlines == 0 && pendingHardBreaks > 0 && output.Length > 0 && !HasPendingMarker())
        {
            if (pendingHardBreaks == 1)
            {
                output.Append('\\');
                pendingNewlines = 1;
            }
            else
            {
                // Two <br> in a row look like an empty line: the nearest Markdown is a paragraph break.
                pendingNewlines = 2;
            }
        }

        pendingHardBreaks = 0;
        if (pendingNewlines > 0)
        {
            for (var i = 0; i < pendingNewlines; i++)
            {
                output.Append('\n');
                if (i < pendingNewlines - 1)
                {
                    AppendBlankLinePrefix();
                }
            }

            pendingNewlines = 0;
            pendingSpace = false;
            AppendLinePrefix();
        }
        else if (output.Length == 0)
        {
            AppendLinePrefix();
        }
        else if (HasPendingMarker())
        {
            // A list item or quote opened mid-line (no separation was possible): it needs its own line.
            output.Append('\n');
            AppendLinePrefix();
        }

        if (pendingSpace)
        {
            output.Append(' ');
            pendingSpace = false;
        }

        if (pendingOpen.Length > 0)
        {
            AppendPendingOpen();
        }

        suppressSpace = false;
    }

    /// <summary>Starts a new line inside the current block (code block lines, table rows).</summary>
    public void NewLine(bool blank = false)
    {
        output.Append('\n');
        if (blank)
        {
            AppendBlankLinePrefix();
        }
        else
        {
            AppendLinePrefix();
        }
    }

    /// <summary>Writes Markdown syntax as it is (no escaping); the caller has called <see cref="BeginContent"/>.</summary>
    public void WriteRaw(string markup)
    {
        output.Append(markup);
        atLineStart = false;
    }

    public void WriteRaw(char markup)
    {
        output.Append(markup);
        atLineStart = false;
    }

    /// <summary>Writes a code block line or a code span body verbatim, escaping only pipes in table cells.</summary>
    public void WriteVerbatim(ReadOnlySpan<char> text)
    {
        if (pipeEscapeDepth == 0)
        {
            output.Append(text);
        }
        else
        {
            foreach (var c in text)
            {
                if (c == '|')
                {
                    output.Append('\\');
                }

                output.Append(c);
            }
        }

        atLineStart = false;
    }

    /// <summary>After a cell, a row or a block the next content starts fresh: no carried-over space.</summary>
    public void DropPendingSpace()
    {
        pendingSpace = false;
        suppressSpace = true;
    }

    /// <summary>
    /// Writes text from the DOM: whitespace collapsed as a browser does, and characters that would
    /// change meaning in Markdown backslash-escaped.
    /// </summary>
    public void WriteText(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (IsHtmlSpace(text[i]))
            {
                Space();
                i++;
                continue;
            }

            BeginContent();
            DropEmphasisThatCannotClose(text[i]);
            if (atLineStart)
            {
                atLineStart = false;
                var escapeAt = LineStartEscapeIndex(text, i);
                if (escapeAt >= 0)
                {
                    // Only digits precede the escaped character, and none of them is special.
                    output.Append(text, i, escapeAt - i).Append('\\').Append(text[escapeAt]);
                    i = escapeAt + 1;
                    continue;
                }
            }

            // Copy up to the next character that needs a decision; single spaces between words are
            // copied too, but a double space or a trailing space goes back to the collapsing above.
            var rest = text.AsSpan(i);
            var stop = rest.IndexOfAny(SpecialInText);
            var run = stop < 0 ? rest : rest[..stop];
            var doubleSpace = run.IndexOf("  ", StringComparison.Ordinal);
            if (doubleSpace >= 0)
            {
                run = run[..doubleSpace];
            }

            run = run.TrimEnd(' ');
            if (run.Length > 0)
            {
                output.Append(run);
                i += run.Length;
                continue;
            }

            if (NeedsEscape(text, i))
            {
                output.Append('\\');
            }

            output.Append(text[i]);
            i++;
        }
    }

    /// <summary>Writes image alt text or an accessible name as link text: collapsed, inline Markdown characters escaped.</summary>
    public void AppendLabel(string text)
    {
        var space = false;
        var any = false;
        foreach (var c in text)
        {
            if (IsHtmlSpace(c))
            {
                space = any;
                continue;
            }

            if (space)
            {
                output.Append(' ');
                space = false;
            }

            // Alt text is parsed as inline Markdown too: code spans and emphasis would eat its characters.
            if (c is '[' or ']' or '\\' or '`' or '*' or '_' or '<' or '&' or '~' || (c == '|' && pipeEscapeDepth > 0))
            {
                output.Append('\\');
            }

            output.Append(c);
            any = true;
        }
    }

    public bool EndsWith(char c) => output.Length > 0 && output[^1] == c;

    /// <summary>
    /// A heading ending in " #" would lose those hashes as an ATX closing sequence; escaping the
    /// first one keeps them text.
    /// </summary>
    public void EscapeClosingHashes()
    {
        var start = output.Length;
        while (start > 0 && output[start - 1] == '#')
        {
            start--;
        }

        if (start < output.Length && start > 0 && output[start - 1] == ' ')
        {
            output.Insert(start, '\\');
        }
    }

    public override string ToString() => output.ToString();

    public static bool IsHtmlSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';

    private bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        switch (c)
        {
            case '\\' or '*' or '[' or ']' or '`':
                return true;
            case '|':
                return pipeEscapeDepth > 0;
            case '_':
                // snake_case cannot open emphasis in CommonMark; only word-edge underscores can.
                var before = i > 0 ? text[i - 1] : (output.Length > 0 ? output[^1] : ' ');
                var after = i + 1 < text.Length ? text[i + 1] : ' ';
                return !char.IsLetterOrDigit(before) || !char.IsLetterOrDigit(after);
            case '~':
                return (i + 1 < text.Length && text[i + 1] == '~') || (i > 0 && text[i - 1] == '~');
            case '<':
                // Only what could start an HTML tag or an autolink.
                return i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '/' or '!' or '?');
            case '&':
                return LooksLikeEntity(text, i);
            default:
                return false;
        }
    }

    private static bool LooksLikeEntity(string text, int ampersand)
    {
        var end = Math.Min(text.Length, ampersand + 33);
        for (var j = ampersand + 1; j < end; j++)
        {
            var c = text[j];
            if (c == ';')
            {
                return j > ampersand + 1;
            }

            if (!char.IsAsciiLetterOrDigit(c) && !(c == '#' && j == ampersand + 1))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Where a backslash is needed so that text at the start of a line does not start a block
    /// (heading, quote, list item, setext underline); -1 when none is.
    /// </summary>
    private static int LineStartEscapeIndex(string text, int i)
    {
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : ' ';
        switch (c)
        {
            case '#' or '>' or '=' or '|':
                // A leading pipe can make a line a table row.
                return i;
            case '-' or '+' when IsHtmlSpace(next) || next == c:
                return i;
            case >= '0' and <= '9':
                var j = i;
                while (j < text.Length && j - i < 10 && char.IsAsciiDigit(text[j]))
                {
                    j++;
                }

                var isListMarker = j < text.Length && j - i < 10 && text[j] is '.' or ')'
                    && (j + 1 == text.Length || IsHtmlSpace(text[j + 1]));
                return isListMarker ? j : -1;
            default:
                return -1;
        }
    }

    private bool HasPendingMarker() => containersAwaitingContent > 0;

    private void AppendLinePrefix()
    {
        foreach (var container in containers)
        {
            if (container.PendingMarker is { } marker)
            {
                output.Append(marker);
                container.PendingMarker = null;
            }
            else
            {
                output.Append(container.Indent);
            }

            container.HasContent = true;
        }

        containersAwaitingContent = 0;
        atLineStart = true;
        suppressSpace = true;
    }

    private void AppendBlankLinePrefix()
    {
        var start = output.Length;
        foreach (var container in containers)
        {
            if (!container.HasContent)
            {
                break;
            }

            output.Append(container.Indent);
        }

        // "> " becomes ">" and an item indent disappears: no trailing spaces on blank lines.
        var end = output.Length;
        while (end > start && output[end - 1] == ' ')
        {
            end--;
        }

        output.Length = end;
    }
}
