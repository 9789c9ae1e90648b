using System.Collections.Concurrent;
using System.Text;

namespace ExtractApi.Extraction;

internal sealed record FieldTerms(
    string Joined,
    string Singular,
    IReadOnlyList<string> Words,
    IReadOnlySet<string> Synonyms,
    IReadOnlySet<string> DescriptionWords,
    string? DescriptionJoined);
