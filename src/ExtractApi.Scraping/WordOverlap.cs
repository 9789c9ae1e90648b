namespace ExtractApi.Scraping;

/// <summary>
/// Whether one text says what another already says: three quarters or more of its words' characters are words of the
/// other (case ignored, punctuation and order not counted). Mozilla Readability's measure for a headline that repeats
/// the page's title; used for captions that repeat their image's alt text too.
/// </summary>
internal sealed class WordOverlap
{
    private readonly HashSet<string> words = new(StringComparer.OrdinalIgnoreCase);

    public WordOverlap(params IReadOnlyList<string?> texts)
    {
        foreach (var text in texts)
        {
            foreach (var word in Words(text))
            {
                words.Add(word);
            }
        }
    }

    public bool IsEmpty => words.Count == 0;

    /// <summary>True when <paramref name="text"/> has words and three quarters of their characters are words of these texts.</summary>
    public bool Repeats(string text)
    {
        var characters = 0;
        var shared = 0;
        foreach (var word in Words(text))
        {
            characters += word.Length;
            shared += words.Contains(word) ? word.Length : 0;
        }

        return characters > 0 && shared * 4 >= characters * 3;
    }

    /// <summary>The words of a text: runs of letters and digits.</summary>
    private static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            yield break;
        }

        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordCharacter = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordCharacter && start < 0)
            {
                start = i;
            }
            else if (!isWordCharacter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
