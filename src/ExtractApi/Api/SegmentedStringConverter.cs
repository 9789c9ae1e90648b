using System.Text.Json;
using System.Text.Json.Serialization;

namespace ExtractApi.Api;

/// <summary>
/// Writes a long string (a page's Markdown or HTML, up to tens of megabytes) in short segments. Written whole, a JSON
/// string needs one contiguous buffer of up to six bytes per character for its escaped UTF-8: every poll of a batch
/// holding a 14-million-character Markdown rented an 80 MB array from the shared array pool, which keeps such arrays,
/// and under a 768 MB heap limit the hostile benchmark failed with an out-of-memory in exactly that write. In segments,
/// each buffer is a few kilobytes. Reading is the ordinary string read.
/// </summary>
public sealed class SegmentedStringConverter : JsonConverter<string>
{
    /// <summary>Characters per segment: at six bytes each, well under the large-object threshold (85,000 bytes).</summary>
    public const int SegmentChars = 4096;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length <= SegmentChars)
        {
            writer.WriteStringValue(value);
            return;
        }
        var rest = value.AsSpan();
        while (rest.Length > SegmentChars)
        {
            // A surrogate pair stays in one segment.
            var length = char.IsHighSurrogate(rest[SegmentChars - 1]) ? SegmentChars - 1 : SegmentChars;
            writer.WriteStringValueSegment(rest[..length], isFinalSegment: false);
            rest = rest[length..];
        }
        writer.WriteStringValueSegment(rest, isFinalSegment: true);
    }
}
