using System.Text;

namespace ExtractApi.Extraction;

/// <summary>
/// Text written piece by piece and split as it comes: a line end (<c>\n</c>) ends a line, a tab ends a
/// cell; within a cell runs of whitespace become one space and the ends are trimmed; empty cells and
/// empty lines are dropped; a line's cells are joined by tabs. No copy of the whole text is made.
/// </summary>
internal sealed class LineWriter
{
    private readonly StringBuilder line = new();
    private readonly List<string> lines = [];
    private bool cellHasText;
    private bool pendingSpace;

    public void Write(string text)
    {
        foreach (var c in text)
        {
            Write(c);
        }
    }

    public void Write(char c)
    {
        if (c == '\n')
        {
            EndLine();
        }
        else if (c == '\t')
        {
            cellHasText = false;
            pendingSpace = false;
        }
        else if (char.IsWhiteSpace(c))
        {
            pendingSpace = cellHasText;
        }
        else
        {
            if (!cellHasText && line.Length > 0)
            {
                line.Append('\t'); // The first text of a cell after another cell's.
            }
            else if (pendingSpace)
            {
                line.Append(' ');
            }
            line.Append(c);
            cellHasText = true;
            pendingSpace = false;
        }
    }

    /// <summary>The lines written, the last one ended.</summary>
    public List<string> Finish()
    {
        EndLine();
        return lines;
    }

    private void EndLine()
    {
        if (line.Length > 0)
        {
            lines.Add(line.ToString());
            line.Clear();
        }
        cellHasText = false;
        pendingSpace = false;
    }
}
