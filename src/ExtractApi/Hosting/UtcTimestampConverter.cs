using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExtractApi.Hosting;

/// <summary>Writes instants the way the vendors do: ISO 8601 in UTC with milliseconds, <c>2026-01-01T00:00:00.000Z</c>.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
}
