using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DiffPlex;

namespace ExtractApi.Work;

/// <summary>
/// Firecrawl's <c>git-diff</c> change tracking: a unified diff of two Markdown texts (three lines of context, as
/// <c>git diff</c> prints), and the same diff as a structure shaped like the <c>parse-diff</c> AST Firecrawl answers
/// (<c>{files:[{from, to, additions, deletions, chunks:[{content, oldStart, oldLines, newStart, newLines,
/// changes:[{type: add|del|normal, content, ln|ln1, ln2}]}]}]}</c>). Lines are compared by DiffPlex.
/// </summary>
public static class MarkdownDiff
{
    private const int Context = 3;

    private sealed record Line(char Kind, string Text, int Old, int New);

    public static (string Text, JsonObject Json) Compare(string previous, string current)
    {
        var script = Script(previous, current);
        var text = new StringBuilder("--- previous\n+++ current\n");
        var chunks = new JsonArray();
        int additions = 0, deletions = 0;
        foreach (var (from, to) in Hunks(script))
        {
            var lines = script.Skip(from).Take(to - from).ToList();
            var oldStart = lines.FirstOrDefault(l => l.Kind != '+')?.Old ?? (lines[0].Old);
            var newStart = lines.FirstOrDefault(l => l.Kind != '-')?.New ?? (lines[0].New);
            var oldLines = lines.Count(l => l.Kind != '+');
            var newLines = lines.Count(l => l.Kind != '-');
            var header = string.Create(CultureInfo.InvariantCulture, $"@@ -{oldStart},{oldLines} +{newStart},{newLines} @@");
            text.Append(header).Append('\n');
            var changes = new JsonArray();
            foreach (var line in lines)
            {
                var content = (line.Kind == ' ' ? " " : line.Kind.ToString()) + line.Text;
                text.Append(content).Append('\n');
                changes.Add(line.Kind switch
                {
                    '+' => new JsonObject { ["type"] = "add", ["add"] = true, ["ln"] = line.New, ["content"] = content },
                    '-' => new JsonObject { ["type"] = "del", ["del"] = true, ["ln"] = line.Old, ["content"] = content },
                    _ => new JsonObject { ["type"] = "normal", ["normal"] = true, ["ln1"] = line.Old, ["ln2"] = line.New, ["content"] = content },
                });
                if (line.Kind == '+') additions++;
                if (line.Kind == '-') deletions++;
            }
            chunks.Add(new JsonObject
            {
                ["content"] = header, ["changes"] = changes,
                ["oldStart"] = oldStart, ["oldLines"] = oldLines, ["newStart"] = newStart, ["newLines"] = newLines,
            });
        }
        var file = new JsonObject
        {
            ["from"] = "previous", ["to"] = "current", ["chunks"] = chunks, ["additions"] = additions, ["deletions"] = deletions,
        };
        return (text.ToString(), new JsonObject { ["files"] = new JsonArray(file) });
    }

    /// <summary>Every line of both texts in order: kept (' '), deleted ('-') or added ('+'), with its 1-based numbers.</summary>
    private static List<Line> Script(string previous, string current)
    {
        var diff = Differ.Instance.CreateLineDiffs(previous, current, ignoreWhitespace: false);
        var a = diff.PiecesOld;
        var b = diff.PiecesNew;
        var script = new List<Line>();
        int i = 0, j = 0;
        foreach (var block in diff.DiffBlocks)
        {
            while (i < block.DeleteStartA) script.Add(new Line(' ', a[i], ++i, ++j));
            for (var k = 0; k < block.DeleteCountA; k++) script.Add(new Line('-', a[i], ++i, j));
            for (var k = 0; k < block.InsertCountB; k++) script.Add(new Line('+', b[j], i, ++j));
        }
        while (i < a.Count) script.Add(new Line(' ', a[i], ++i, ++j));
        return script;
    }

    /// <summary>Ranges of the script around its changes, with context, joined where their context meets.</summary>
    private static List<(int From, int To)> Hunks(List<Line> script)
    {
        var hunks = new List<(int From, int To)>();
        for (var index = 0; index < script.Count; index++)
        {
            if (script[index].Kind == ' ') continue;
            var from = Math.Max(0, index - Context);
            var end = index;
            while (end + 1 < script.Count && script[end + 1].Kind != ' ') end++;
            var to = Math.Min(script.Count, end + 1 + Context);
            if (hunks.Count > 0 && from <= hunks[^1].To) hunks[^1] = (hunks[^1].From, to);
            else hunks.Add((from, to));
            index = end;
        }
        return hunks;
    }
}
