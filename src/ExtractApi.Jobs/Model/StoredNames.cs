using System.Collections.Frozen;
using ExtractApi.Jobs.Database;

namespace ExtractApi.Jobs.Model;

/// <summary>
/// The one mapping of the job model's enums (<see cref="JobStatus"/>, <see cref="Dialect"/>, <see cref="JobKind"/>,
/// <see cref="PageStatus"/>) to the strings stored in the database: the snake_case of the member name
/// (<c>ExtractionDone</c> is <c>extraction_done</c>). EF Core's converters, the engine's SQL parameters and readers, and
/// the dialects that show a status use it.
/// </summary>
public static class StoredNames
{
    public static string ToName<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.ByValue.TryGetValue(value, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum =>
        Names<TEnum>.ByName.TryGetValue(name, out var value) ? value : throw new FormatException($"Unknown {typeof(TEnum).Name} '{name}'.");

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<TEnum, string> ByValue =
            Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => SnakeCaseName.Of(v.ToString()));
        public static readonly FrozenDictionary<string, TEnum> ByName = ByValue.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
