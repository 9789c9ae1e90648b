using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>
/// <see cref="JobKind.Digest"/>: the SHA-256 of the request, result <c>{"data":{"sha256":...}}</c>, landed as a result
/// row. Trivial but real work that proves the engine end to end. A request may ask for <c>"workMs"</c> of simulated
/// work (at most ten minutes), spent in short steps with a checkpoint after each, which load tests and crash tests use.
/// </summary>
public sealed class DigestHandler(JobKind kind = JobKind.Digest) : IJobHandler
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private const int MaxWorkMs = 600_000;

    public JobKind Kind { get; } = kind;

    public async Task<JobOutcome> RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var work = TimeSpan.FromMilliseconds(Math.Clamp(WorkMs(context.Job.Request), 0, MaxWorkMs));
        while (clock.Elapsed < work)
        {
            var left = work - clock.Elapsed;
            await Task.Delay(left < Step ? left : Step, cancellationToken);
            await context.CheckpointAsync(cancellationToken);
        }
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(context.Job.Request)));
        var normalized = JsonSerializer.Serialize(new { sha256 });
        return JobOutcome.Success($$"""{"data":{{normalized}}}""", new ResultRow(
            Domain: "digest", DataType: "digest", NormalizedJson: normalized,
            QualityCompleteness: 1, QualityValidation: 1, QualityComposite: 1, LatencyMs: (int)clock.ElapsedMilliseconds));
    }

    private static int WorkMs(string request)
    {
        using var document = JsonDocument.Parse(request);
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("workMs", out var value) && value.TryGetInt32(out var ms) ? ms : 0;
    }
}
