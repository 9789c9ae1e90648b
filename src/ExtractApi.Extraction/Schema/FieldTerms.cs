using System.Collections.Concurrent;
using System.Text;

namespace ExtractApi.Extraction;

internal sealed record FieldTerms(
    string Joined,
    string Singular,
    IReadOnlyList<string> Words,
    IReadOnlySet<string> Synonyms,
    IReadOnlySet<string> DescriptionWords,
    string? DescriptionJoined)
{
    /// <summary>The numbers in the field's name ("13" in <c>isbn_13</c>).</summary>
    public IReadOnlyList<string> Numbers { get; } = [.. Words.Where(IsNumber)];

    /// <summary>The name's words without its numbers, joined ("isbn" for <c>isbn_13</c>).</summary>
    public string JoinedWithoutNumbers { get; } = string.Concat(Words.Where(w => !IsNumber(w)));

    private static bool IsNumber(string word) => word.All(char.IsDigit);
}
