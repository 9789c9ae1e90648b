using System.Text.Json;

namespace ExtractApi.Hosting;

public static class JsonSetup
{
    public static IServiceCollection AddApiJson(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Text as the vendors send it: UTF-8 and HTML characters as they are (only what JSON itself requires is
        // escaped). The default encoder writes every non-ASCII character and every '<' of scraped HTML as \uXXXX,
        // which makes documents up to twice as large and slower to write. Responses are application/json, never HTML.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new UtcTimestampConverter());
        options.Converters.Add(new NullableUtcTimestampConverter());
    }
}
