namespace ExtractApi.Extraction;

/// <summary>Splits document lines into columns: a tab or a gap of two or more spaces separates cells.</summary>
internal static class TextLayout
{
    public static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var start = 0;
        var i = 0;
        while (i < line.Length)
        {
            if (line[i] is not (' ' or '\t'))
            {
                i++;
                continue;
            }
            // A run of spaces and tabs: a gap between cells when it holds a tab or two spaces or more.
            var gapStart = i;
            var hasTab = false;
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                hasTab |= line[i] == '\t';
                i++;
            }
            if (hasTab || i - gapStart >= 2)
            {
                AddCell(cells, line.AsSpan(start, gapStart - start));
                start = i;
            }
        }
        if (start == 0 && line.Length > 0 && !char.IsWhiteSpace(line[0]) && !char.IsWhiteSpace(line[^1]))
        {
            cells.Add(line); // One cell, the whole line (most lines): no copy.
            return cells;
        }
        AddCell(cells, line.AsSpan(start));
        return cells;
    }

    private static void AddCell(List<string> cells, ReadOnlySpan<char> cell)
    {
        var trimmed = cell.Trim();
        if (trimmed.Length > 0)
        {
            cells.Add(trimmed.ToString());
        }
    }
}
