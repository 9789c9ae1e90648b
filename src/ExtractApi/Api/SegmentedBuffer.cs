using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace ExtractApi.Api;

/// <summary>
/// Bytes kept in pieces of at most <see cref="MaxSegmentBytes"/>, below the large-object threshold (85,000 bytes): the
/// form of a cached poll answer, which can hold tens of megabytes of Markdown. Written whole, such an answer needs one
/// contiguous array of its full length on the large-object heap (and a growing pooled array while it is serialised),
/// which a heap limit may refuse. A <see cref="System.Text.Json.Utf8JsonWriter"/> writes into it as an
/// <see cref="IBufferWriter{T}"/>; <see cref="Complete"/> then trims the last piece, after which it is read-only.
/// </summary>
public sealed class SegmentedBuffer : IBufferWriter<byte>
{
    /// <summary>The largest piece: 64 KiB, under the large-object threshold.</summary>
    public const int MaxSegmentBytes = 64 * 1024;

    /// <summary>The first piece; each next one is twice as large up to <see cref="MaxSegmentBytes"/>, so a small answer stays small.</summary>
    private const int FirstSegmentBytes = 4096;

    private readonly List<byte[]> segments = [];
    private byte[] current = [];
    private int used;

    // Handed out when the current piece's free end is shorter than the writer asks for; what is written into it is
    // copied into the pieces on Advance, so every piece but the last is full.
    private byte[]? scratch;
    private bool writingScratch;
    private bool completed;

    /// <summary>Bytes written.</summary>
    public long Length { get; private set; }

    /// <summary>The pieces in order, each full but the last (after <see cref="Complete"/>).</summary>
    public IReadOnlyList<byte[]> Segments => completed ? segments : throw new InvalidOperationException("The buffer is still being written.");

    /// <summary>
    /// <paramref name="value"/> as JSON in pieces. The writer asks for a few kilobytes at a time (long strings are
    /// written in segments, <see cref="SegmentedStringConverter"/>), where <c>SerializeToUtf8Bytes</c> grows one pooled
    /// array to the whole text and copies it into another. The writer takes the serializer's own options.
    /// </summary>
    public static SegmentedBuffer Json<T>(T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var buffer = new SegmentedBuffer();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Encoder = options.Encoder,
                   Indented = options.WriteIndented,
                   IndentCharacter = options.IndentCharacter,
                   IndentSize = options.IndentSize,
                   NewLine = options.NewLine,
                   MaxDepth = options.MaxDepth,
                   SkipValidation = true,
               }))
        {
            JsonSerializer.Serialize(writer, value, options);
        }
        return buffer.Complete();
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        ThrowIfCompleted();
        sizeHint = Math.Max(sizeHint, 1);
        if (current.Length - used >= sizeHint)
        {
            writingScratch = false;
            return current.AsMemory(used);
        }
        if (used == current.Length && sizeHint <= MaxSegmentBytes)
        {
            StartSegment();
            if (current.Length >= sizeHint)
            {
                writingScratch = false;
                return current;
            }
        }
        if (scratch is null || scratch.Length < sizeHint)
        {
            if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
            scratch = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
        writingScratch = true;
        return scratch;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ThrowIfCompleted();
        if (!writingScratch)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, current.Length - used);
            used += count;
            Length += count;
            return;
        }
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, scratch!.Length);
        writingScratch = false;
        var rest = scratch.AsSpan(0, count);
        while (rest.Length > 0)
        {
            if (used == current.Length) StartSegment();
            var length = Math.Min(rest.Length, current.Length - used);
            rest[..length].CopyTo(current.AsSpan(used));
            used += length;
            Length += length;
            rest = rest[length..];
        }
    }

    /// <summary>Ends the writing: the last piece is cut to what it holds and the scratch array goes back to the pool.</summary>
    public SegmentedBuffer Complete()
    {
        if (completed) return this;
        if (used > 0) segments.Add(used == current.Length ? current : current.AsSpan(0, used).ToArray());
        current = [];
        used = 0;
        if (scratch is not null) ArrayPool<byte>.Shared.Return(scratch);
        scratch = null;
        completed = true;
        return this;
    }

    /// <summary>The SHA-256 of the bytes, piece by piece.</summary>
    public byte[] Sha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var segment in Segments) hash.AppendData(segment);
        return hash.GetHashAndReset();
    }

    /// <summary>Writes the pieces to <paramref name="body"/> one after another.</summary>
    public Task WriteToAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Segments.Count switch
        {
            0 => Task.CompletedTask,
            1 => body.WriteAsync(segments[0], cancellationToken).AsTask(),
            _ => WriteAllAsync(body, cancellationToken),
        };
    }

    private async Task WriteAllAsync(Stream body, CancellationToken cancellationToken)
    {
        foreach (var segment in segments) await body.WriteAsync(segment, cancellationToken);
    }

    private void ThrowIfCompleted()
    {
        if (completed) throw new InvalidOperationException("The buffer is complete: nothing more can be written to it.");
    }

    private void StartSegment()
    {
        if (current.Length > 0) segments.Add(current);
        current = new byte[current.Length == 0 ? FirstSegmentBytes : Math.Min(current.Length * 2, MaxSegmentBytes)];
        used = 0;
    }
}
