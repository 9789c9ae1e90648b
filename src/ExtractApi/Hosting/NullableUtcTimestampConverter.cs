using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExtractApi.Hosting;

public sealed class NullableUtcTimestampConverter : JsonConverter<DateTime?>
{
    private static readonly UtcTimestampConverter Inner = new();

    public override bool HandleNull => true;

    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(DateTime), options);

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is { } instant) Inner.Write(writer, instant, options);
        else writer.WriteNullValue();
    }
}
