using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ExtractApi.Work;

/// <summary>
/// Delivers job events to a client's webhook: a JSON POST signed with HMAC-SHA256 over the exact body
/// (<c>X-ExtractApi-Signature: sha256=&lt;hex&gt;</c>, also sent as <c>X-Firecrawl-Signature</c>), retried with
/// exponential backoff. Its HttpClient connects through the SSRF guard like the scraper. A webhook that keeps
/// failing is logged, never fatal to the job.
/// </summary>
public sealed class WebhookSender(HttpClient http, byte[] secret, ILogger<WebhookSender> logger)
{
    public const string SignatureHeader = "X-ExtractApi-Signature";
    public const int MaxAttempts = 4;

    /// <summary>The JSON shape of webhook payloads: the receiver's contract, independent of how job requests are stored.</summary>
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public static string Sign(byte[] secret, ReadOnlySpan<byte> body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, body));

    /// <summary>
    /// A job event in Firecrawl's webhook shape: <c>{success, type: "&lt;family&gt;.&lt;event&gt;", id, data, metadata, error}</c>
    /// (families <c>batch_scrape</c>, <c>crawl</c>); nothing when the job has no webhook.
    /// </summary>
    public Task NotifyAsync(Guid jobId, WebhookTarget? target, string family, string eventName, object[] data, string? error,
        CancellationToken cancellationToken) =>
        target is null
            ? Task.CompletedTask
            : SendAsync(jobId, target, eventName, new
            {
                success = error is null,
                type = $"{family}.{eventName}",
                id = jobId.ToString("D"),
                data,
                metadata = target.Metadata,
                error,
            }, cancellationToken);

    public async Task<bool> SendAsync(Guid jobId, WebhookTarget target, string eventName, object payload, CancellationToken cancellationToken)
    {
        if (!target.Events.Contains(eventName)) return true;
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, PayloadJson);
        var signature = Sign(secret, body);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                request.Headers.TryAddWithoutValidation(SignatureHeader, signature);
                request.Headers.TryAddWithoutValidation("X-Firecrawl-Signature", signature);
                foreach (var (name, value) in target.Headers) request.Headers.TryAddWithoutValidation(name, value);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode) return true;
                logger.LogWarning("Webhook {Event} for job {JobId} answered {StatusCode} (attempt {Attempt})", eventName, jobId, (int)response.StatusCode, attempt);
                if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429) return false; // the receiver refuses it: retrying will not help
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("Webhook {Event} for job {JobId} failed: {Error} (attempt {Attempt})", eventName, jobId, e.Message, attempt);
                if (e.InnerException is Scraping.Fetching.BlockedAddressException) return false;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Webhook {Event} for job {JobId} timed out (attempt {Attempt})", eventName, jobId, attempt);
            }
            if (attempt < MaxAttempts) await Task.Delay(TimeSpan.FromMilliseconds(250 * (1 << attempt)), cancellationToken);
        }
        return false;
    }
}
