using System.Text.RegularExpressions;

namespace ExtractApi.MainContent.Benchmarks;

/// <summary>One page's share of true positives, false positives and false negatives, normalised to sum to 1.</summary>
internal readonly record struct PageCounts(double TruePositives, double FalsePositives, double FalseNegatives)
{
    public double? Precision => TruePositives + FalsePositives > 0 ? Ratio(TruePositives, FalsePositives) : null;

    public double? Recall => TruePositives + FalseNegatives > 0 ? Ratio(TruePositives, FalseNegatives) : null;

    public double F1 => Precision is { } p && Recall is { } r && p + r > 0 ? 2 * p * r / (p + r) : 0;

    // The benchmark's precision_score/recall_score: a page with nothing wrong scores 1.
    private double Ratio(double hits, double misses) =>
        FalsePositives == 0 && FalseNegatives == 0 ? 1 : hits == 0 && misses == 0 ? 0 : hits / (hits + misses);
}

/// <summary>Averages over pages, then the F1 of the averages.</summary>
internal readonly record struct Scores(double Precision, double Recall)
{
    public double F1 => Precision + Recall > 0 ? 2 * Precision * Recall / (Precision + Recall) : 0;

    public static Scores Of(IEnumerable<PageCounts> pages)
    {
        var list = pages.ToList();
        return new Scores(
            list.Where(page => page.Precision is not null).Average(page => page.Precision!.Value),
            list.Where(page => page.Recall is not null).Average(page => page.Recall!.Value));
    }

    public override string ToString() => $"P {Precision:F3}  R {Recall:F3}  F1 {F1:F3}";
}

/// <summary>
/// The article extraction benchmark's scoring (its evaluate.py): the texts are cut into \w+ tokens,
/// counted as overlapping 4-token shingles, matched as multisets, and the page's counts normalised
/// so that long pages weigh no more than short ones.
/// </summary>
internal static partial class ShingleScore
{
    private const int ShingleLength = 4;

    // Python's \w is Unicode letters, digits and underscore; .NET's adds combining marks, which do not split words there either.
    [GeneratedRegex(@"\w+")]
    private static partial Regex Token();

    public static PageCounts Score(string expected, string actual)
    {
        var expectedShingles = Shingles(expected);
        var actualShingles = Shingles(actual);
        double truePositives = 0, falsePositives = 0, falseNegatives = 0;
        foreach (var (shingle, expectedCount) in expectedShingles)
        {
            var actualCount = actualShingles.GetValueOrDefault(shingle);
            truePositives += Math.Min(expectedCount, actualCount);
            falseNegatives += Math.Max(0, expectedCount - actualCount);
        }

        foreach (var (shingle, actualCount) in actualShingles)
        {
            falsePositives += Math.Max(0, actualCount - expectedShingles.GetValueOrDefault(shingle));
        }

        var sum = truePositives + falsePositives + falseNegatives;
        return sum > 0
            ? new PageCounts(truePositives / sum, falsePositives / sum, falseNegatives / sum)
            : new PageCounts(0, 0, 0);
    }

    private static Dictionary<string, int> Shingles(string text)
    {
        var tokens = Token().Matches(text).Select(match => match.Value).ToList();
        var shingles = new Dictionary<string, int>(StringComparer.Ordinal);
        // Like the benchmark, a text shorter than a shingle is one shingle of all its tokens.
        for (var i = 0; i < Math.Max(1, tokens.Count - ShingleLength + 1); i++)
        {
            if (tokens.Count == 0)
            {
                break;
            }

            var shingle = string.Join('\u0001', tokens.Skip(i).Take(ShingleLength));
            shingles[shingle] = shingles.GetValueOrDefault(shingle) + 1;
        }

        return shingles;
    }
}
