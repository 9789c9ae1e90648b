using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Dialects.Firecrawl;
using ExtractApi.Hosting;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ExtractApi.Tests.Dialects;

/// <summary>
/// A finished job's answer is kept and written in pieces below the large-object threshold (issue 18): serialised in one
/// piece, polling a batch with tens of megabytes of Markdown asked for one contiguous array of the answer's length (and
/// a pooled array growing to it), which a heap limit may refuse.
/// </summary>
public sealed class LargeAnswerTests
{
    private const int LargeObjectThreshold = 85_000;

    private static readonly JsonOptions Json = CreateJson();

    private static JsonOptions CreateJson()
    {
        var json = new JsonOptions();
        JsonSetup.Configure(json.SerializerOptions);
        return json;
    }

    private static FirecrawlBatchStatus Batch(int markdownChars)
    {
        var markdown = new StringBuilder(markdownChars + 100);
        for (var i = 0; markdown.Length < markdownChars; i++)
        {
            markdown.Append("Line ").Append(i).Append(" with [a link](https://example.com/").Append(i).Append(") \"quoted\" é ").Append(i % 7 == 0 ? "😀" : "").Append('\n');
        }
        var document = new FirecrawlDocument(markdown.ToString(), null, null, ["https://example.com/a"], new RawJson("""{"title":"Big","statusCode":200}"""));
        return new FirecrawlBatchStatus(true, "completed", 2, 2, 2, new DateTime(2026, 12, 2, 0, 0, 0, DateTimeKind.Utc), null,
            [document, new FirecrawlDocument("# Small", null, null, null, new RawJson("{}"))]);
    }

    private static async Task<(DefaultHttpContext Context, WriteRecorder Body)> ExecuteAsync(JobAnswer<FirecrawlBatchStatus> result, string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext();
        var body = new WriteRecorder();
        context.Response.Body = body;
        if (ifNoneMatch is not null) context.Request.Headers.IfNoneMatch = ifNoneMatch;
        await result.ExecuteAsync(context);
        return (context, body);
    }

    [Fact]
    public async Task A_large_finished_answer_is_cached_and_written_in_pieces_with_the_same_bytes_and_etag()
    {
        var body = Batch(3_000_000);
        var expected = JsonSerializer.SerializeToUtf8Bytes(body, Json.SerializerOptions);
        using var memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = 64L * 1024 * 1024 });
        var cache = new JobAnswerCache(memory, Options.Create(Json));

        var fresh = await ExecuteAsync(cache.Respond("k", JobStatus.Completed, DateTime.UtcNow.AddHours(1), body));
        var served = cache.TryServe<FirecrawlBatchStatus>("k");
        Assert.NotNull(served);
        Assert.Null(served.Value); // from memory, not rendered again
        var cached = await ExecuteAsync(served);

        foreach (var (context, written) in new[] { fresh, cached })
        {
            Assert.Equal(200, context.Response.StatusCode);
            Assert.Equal(expected.Length, context.Response.ContentLength);
            Assert.Equal(expected, written.Bytes);
            // Before: one write of the whole 3 MB answer.
            Assert.True(written.Writes.Count > 1, "written in one piece");
            Assert.All(written.Writes, length => Assert.InRange(length, 1, LargeObjectThreshold - 1));
            // The ETag is the same hash of the same bytes as when answers were kept whole.
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(expected)[..12])}\"", context.Response.Headers.ETag.ToString());
        }

        var notModified = await ExecuteAsync(served, fresh.Context.Response.Headers.ETag.ToString());
        Assert.Equal(304, notModified.Context.Response.StatusCode);
        Assert.Empty(notModified.Body.Writes);
    }

    [Fact]
    public void Caching_a_large_answer_allocates_about_its_length_in_pieces_not_several_copies()
    {
        var body = Batch(4_000_000);
        var options = Json.SerializerOptions;
        SegmentedBuffer.Json(body, options).Complete(); // warm up the serializer's metadata for the type
        var before = GC.GetAllocatedBytesForCurrentThread();
        var buffer = SegmentedBuffer.Json(body, options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // One pass: the pieces themselves plus little (SerializeToUtf8Bytes allocated 4x the answer on a cold pool:
        // its pooled array doubling up to the answer's length, then the copy).
        Assert.InRange(allocated, buffer.Length, buffer.Length + buffer.Length / 8);
        Assert.All(buffer.Segments, segment => Assert.InRange(segment.Length, 1, SegmentedBuffer.MaxSegmentBytes));
        Assert.Equal(buffer.Length, buffer.Segments.Sum(segment => (long)segment.Length));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(body, options), buffer.Segments.SelectMany(s => s).ToArray());
    }

    [Fact]
    public async Task An_answer_larger_than_the_cache_is_answered_but_not_kept_and_a_small_one_stays_in_one_piece()
    {
        using var memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = 1024 * 1024 });
        var cache = new JobAnswerCache(memory, Options.Create(Json));
        var large = await ExecuteAsync(cache.Respond("large", JobStatus.Completed, null, Batch(2_000_000)));
        Assert.True(large.Body.Bytes.Length > 2_000_000);
        Assert.Null(cache.TryServe<FirecrawlBatchStatus>("large"));

        var small = await ExecuteAsync(cache.Respond("small", JobStatus.Completed, null, Batch(1_000)));
        Assert.NotNull(cache.TryServe<FirecrawlBatchStatus>("small"));
        Assert.Single(small.Body.Writes);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Batch(1_000), Json.SerializerOptions), small.Body.Bytes);
    }

    [Fact]
    public void The_buffer_keeps_every_byte_in_order_whatever_the_writer_asks_for()
    {
        var random = new Random(18);
        var buffer = new SegmentedBuffer();
        var expected = new List<byte>();
        foreach (var hint in new[] { 0, 1, 256, 4096, 30_000, 100_000, 4096, 70_000, 1 }.Concat(Enumerable.Range(0, 200).Select(_ => random.Next(0, 40_000))))
        {
            var span = buffer.GetSpan(hint);
            Assert.True(span.Length >= Math.Max(hint, 1));
            var count = random.Next(0, Math.Max(hint, 1) + 1);
            for (var i = 0; i < count; i++) span[i] = (byte)random.Next(256);
            expected.AddRange(span[..count].ToArray());
            buffer.Advance(count);
        }
        buffer.Complete();

        Assert.Equal(expected.Count, buffer.Length);
        Assert.Equal(expected, buffer.Segments.SelectMany(s => s));
        Assert.All(buffer.Segments, segment => Assert.InRange(segment.Length, 1, SegmentedBuffer.MaxSegmentBytes));
        Assert.Equal(SHA256.HashData(expected.ToArray()), buffer.Sha256());
        Assert.Throws<InvalidOperationException>(() => buffer.GetSpan(1));
    }

    /// <summary>A response body that keeps what is written and the length of each write.</summary>
    private sealed class WriteRecorder : Stream
    {
        private readonly MemoryStream _bytes = new();

        public List<int> Writes { get; } = [];

        public byte[] Bytes => _bytes.ToArray();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _bytes.Length;
        public override long Position { get => _bytes.Length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes.Add(buffer.Length);
            _bytes.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _bytes.Dispose();
            base.Dispose(disposing);
        }
    }
}
