using System.Net;
using System.Text;
using System.Text.Json;

namespace ExtractApi.Tests.Infrastructure;

public static class Json
{
    /// <summary>A JSON request body: <paramref name="json"/> as written (malformed bodies included).</summary>
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>A JSON request body: <paramref name="value"/> serialised.</summary>
    public static StringContent Body(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString() ?? "");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Polls <paramref name="path"/> (each answer a 200 with JSON) until <paramref name="done"/> says the answer is the
    /// one waited for, failing the test after <paramref name="within"/>.
    /// </summary>
    public static async Task<JsonElement> WaitForAsync(HttpClient client, string path, Func<JsonElement, bool> done, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await ReadAsync(await client.GetAsync(path), HttpStatusCode.OK);
            if (done(status)) return status;
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not finish: {status}");
            await Task.Delay(100);
        }
    }

    /// <summary>The object has exactly these keys, no more, no fewer (the wire contract, field by field).</summary>
    public static void HasExactly(JsonElement element, params string[] keys)
    {
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
        Assert.Equal(keys.Order().ToArray(), element.EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    public static string? Str(this JsonElement element, string name) => element.GetProperty(name).GetString();

    public static void IsNull(this JsonElement element, string name) =>
        Assert.Equal(JsonValueKind.Null, element.GetProperty(name).ValueKind);

    /// <summary>Errors in each vendor's own shape.</summary>
    /// <summary>Firecrawl's v1 error <c>{success:false, error}</c>.</summary>
    public static void IsFirecrawlError(JsonElement body)
    {
        HasExactly(body, "success", "error");
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(body.Str("error")));
    }

    /// <summary>Firecrawl's v2 error <c>{success:false, code, error, details?}</c> (details: the offending fields).</summary>
    public static void IsFirecrawlV2Error(JsonElement body)
    {
        if (body.TryGetProperty("details", out _)) HasExactly(body, "success", "code", "error", "details");
        else HasExactly(body, "success", "code", "error");
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(body.Str("error")));
        Assert.False(string.IsNullOrWhiteSpace(body.Str("code")));
    }

    public static void IsLinkupError(JsonElement body, int status, string code)
    {
        HasExactly(body, "statusCode", "error");
        Assert.Equal(status, body.GetProperty("statusCode").GetInt32());
        HasExactly(body.GetProperty("error"), "code", "message", "details");
        Assert.Equal(code, body.GetProperty("error").Str("code"));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("error").GetProperty("details").ValueKind);
    }

    public static void IsDocmapError(JsonElement body, string code)
    {
        HasExactly(body, "error");
        HasExactly(body.GetProperty("error"), "code", "message");
        Assert.Equal(code, body.GetProperty("error").Str("code"));
    }

    public static void IsJustCrawlError(JsonElement body)
    {
        HasExactly(body, "error");
        Assert.False(string.IsNullOrWhiteSpace(body.Str("error")));
    }
}
