using System.Text.Json;

namespace ExtractApi.Api;

/// <summary>
/// Reads a JSON request body field by field, collecting every problem with the path of the offending field, so a
/// client gets one 400 that names all of them. Unknown fields are ignored (SDKs send extras such as <c>origin</c>).
/// </summary>
public sealed class RequestReader(JsonElement root)
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool IsValid => _errors.Count == 0;
    public JsonElement Root => root;

    public void Fail(string field, string message) => _errors.Add(new FieldError(field, message));

    public string Summary => string.Join("; ", _errors.Select(e => $"{e.Field}: {e.Message}"));

    public static RequestReader? ForObject(JsonElement body, out FieldError? error)
    {
        error = body.ValueKind == JsonValueKind.Object ? null : new FieldError("body", "must be a JSON object");
        return error is null ? new RequestReader(body) : null;
    }

    private JsonElement? Get(string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public bool Has(string name) => Get(name) is not null;

    public string? Text(string name, bool required = false, int maxLength = 100_000)
    {
        switch (Get(name))
        {
            case null:
                if (required) Fail(name, "is required");
                return null;
            case { ValueKind: JsonValueKind.String } value when value.GetString()!.Length <= maxLength:
                return value.GetString();
            case { ValueKind: JsonValueKind.String }:
                Fail(name, $"must be at most {maxLength} characters");
                return null;
            default:
                Fail(name, "must be a string");
                return null;
        }
    }

    public bool Flag(string name, bool fallback)
    {
        switch (Get(name))
        {
            case null: return fallback;
            case { ValueKind: JsonValueKind.True }: return true;
            case { ValueKind: JsonValueKind.False }: return false;
            default:
                Fail(name, "must be a boolean");
                return fallback;
        }
    }

    public int WholeNumber(string name, int fallback, int min, int max)
    {
        switch (Get(name))
        {
            case null: return fallback;
            case { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) && number >= min && number <= max:
                return number;
            default:
                Fail(name, $"must be an integer from {min} to {max}");
                return fallback;
        }
    }

    public IReadOnlyList<string>? TextList(string name, bool required = false, int maxItems = 1000, int maxLength = 10_000)
    {
        switch (Get(name))
        {
            case null:
                if (required) Fail(name, "is required");
                return null;
            case { ValueKind: JsonValueKind.Array } array:
                if (array.GetArrayLength() > maxItems)
                {
                    Fail(name, $"must have at most {maxItems} items");
                    return null;
                }
                var items = new List<string>();
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) Fail($"{name}[{index}]", "must be a string");
                    else if (item.GetString()!.Length > maxLength) Fail($"{name}[{index}]", $"must be at most {maxLength} characters");
                    else items.Add(item.GetString()!);
                    index++;
                }
                return items;
            default:
                Fail(name, "must be an array of strings");
                return null;
        }
    }

    /// <summary>
    /// A map of request headers to send with a fetch: each name an HTTP token, each value free of CR, LF and other
    /// control characters (header injection), checked here so a bad header is a 400 at create, not a failure at fetch.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TextMap(string name)
    {
        switch (Get(name))
        {
            case null: return null;
            case { ValueKind: JsonValueKind.Object } map:
                var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in map.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String) Fail($"{name}.{property.Name}", "must be a string");
                    else if (property.Name.Length == 0 || !property.Name.All(IsTokenCharacter)) Fail($"{name}.{property.Name}", "is not a valid header name");
                    else if (property.Value.GetString()!.Any(c => char.IsControl(c) && c != '\t')) Fail($"{name}.{property.Name}", "must not contain CR, LF or other control characters");
                    else result[property.Name] = property.Value.GetString()!;
                }
                return result;
            default:
                Fail(name, "must be an object of strings");
                return null;
        }
    }

    /// <summary>RFC 9110 <c>tchar</c>.</summary>
    private static bool IsTokenCharacter(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);

    public JsonElement? Element(string name) => Get(name);

    /// <summary>An absolute http(s) URL, or null (with the reason) when the text is not one.</summary>
    public static Uri? HttpUrl(string text, out string? problem)
    {
        problem = null;
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && !string.IsNullOrEmpty(uri.Host))
        {
            return uri;
        }
        problem = "must be an absolute http or https URL";
        return null;
    }
}
