using System.Globalization;
using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

/// <summary>Loads the fixture corpus and compares extracted data with expected data field by field.</summary>
internal static class Fixtures
{
    private static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Page(string name) => File.ReadAllText(Path.Combine(Root, "pages", name));

    public static ExtractionSchema Schema(string name) => ExtractionSchema.Parse(JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "schemas", name))));

    public static JsonObject Expected(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "expected", name)))!.AsObject();

    /// <summary>Every leaf of a JSON value as path → JSON text ("price_list[1].unit_price" → "1049.5").</summary>
    public static SortedDictionary<string, string> Leaves(JsonNode? node)
    {
        var leaves = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Walk(JsonNode? current, string path)
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        Walk(value, path.Length == 0 ? key : $"{path}.{key}");
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]");
                    }
                    break;
                case null:
                    leaves[path] = "null";
                    break;
                default:
                    // Numbers compare by value: 1299 and 1299.0 are the same price.
                    leaves[path] = current.GetValueKind() == System.Text.Json.JsonValueKind.Number
                        ? double.Parse(current.ToJsonString(), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)
                        : current.ToJsonString();
                    break;
            }
        }
        Walk(node, "");
        return leaves;
    }

    /// <summary>Asserts field by field, listing every missing, unexpected and different field in one message.</summary>
    public static void AssertSameFields(JsonObject expected, JsonObject actual)
    {
        var want = Leaves(expected);
        var got = Leaves(actual);
        var problems = new List<string>();
        foreach (var (path, value) in want)
        {
            if (!got.TryGetValue(path, out var actualValue))
            {
                problems.Add($"missing {path} (expected {value})");
            }
            else if (actualValue != value)
            {
                problems.Add($"{path}: expected {value}, got {actualValue}");
            }
        }
        problems.AddRange(got.Keys.Where(p => !want.ContainsKey(p)).Select(p => $"unexpected {p} = {got[p]}"));
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\nactual: " + actual.ToJsonString());
    }
}
