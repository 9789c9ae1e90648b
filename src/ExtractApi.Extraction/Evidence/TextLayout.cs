using System.Text.RegularExpressions;

namespace ExtractApi.Extraction;

/// <summary>Splits document lines into columns: a tab or a gap of two or more spaces separates cells.</summary>
internal static partial class TextLayout
{
    [GeneratedRegex(@"\t| {2,}")]
    private static partial Regex CellGap();

    public static List<string> Cells(string line) =>
        [.. CellGap().Split(line).Select(c => c.Trim()).Where(c => c.Length > 0)];
}
