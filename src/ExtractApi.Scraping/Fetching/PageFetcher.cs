using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace ExtractApi.Scraping.Fetching;

/// <summary>
/// Fetches pages over HTTP(S) with a time limit, a size limit and a redirect limit. Redirects are followed here,
/// hop by hop, so each hop's connection passes the <see cref="SsrfGuard"/> and the final URL is known.
/// </summary>
public sealed class PageFetcher(HttpClient http)
{
    /// <summary>How the error of a fetch that ran out of time begins.</summary>
    public const string TimeoutMessagePrefix = "Timed out after";

    public const string UserAgent = "Mozilla/5.0 (compatible; ExtractApi/1.0; +https://github.com/extractapi)";

    /// <summary>
    /// The handler the fetcher's (and the webhook sender's) HttpClient must use: guarded connects, no automatic
    /// redirects, compression. The system proxy (<c>HTTP_PROXY</c>/<c>HTTPS_PROXY</c>) is never taken, since the guard
    /// would then see only the proxy's address; with an explicit <paramref name="proxy"/>, each target is checked before
    /// it is handed to the proxy (<see cref="ProxiedTargetGuard"/>).
    /// </summary>
    public static HttpMessageHandler CreateHandler(SsrfGuard guard, Uri? proxy = null)
    {
        var sockets = new SocketsHttpHandler
        {
            ConnectCallback = guard.ConnectAsync,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseCookies = false,
            MaxConnectionsPerServer = 16,
            // No traceparent/baggage headers to the sites and webhook receivers: the job's trace is the server's own business.
            ActivityHeadersPropagator = null,
        };
        if (proxy is null) return sockets;
        var proxied = new ProxiedTargetGuard(guard, proxy) { InnerHandler = sockets };
        sockets.UseProxy = true;
        sockets.Proxy = new WebProxy(proxy) { BypassProxyOnLocal = false };
        sockets.ConnectCallback = proxied.ConnectAsync;
        return proxied;
    }

    public async Task<FetchResult> FetchAsync(Uri url, FetchOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!IsFetchable(url, out var schemeError))
        {
            return new FetchResult(url, url, null, null, [], false, schemeError, clock.Elapsed);
        }
        for (var attempt = 0; ; attempt++)
        {
            var (result, transient) = await FetchOnceAsync(url, options, clock, cancellationToken);
            transient |= result.StatusCode is 429 or 502 or 503 or 504;
            if (!transient || attempt >= options.MaxRetries || clock.Elapsed >= options.Timeout) return result;
            var backoff = TimeSpan.FromMilliseconds(200 * (1 << attempt) + Random.Shared.Next(100));
            if (result.RetryAfter is { } asked && asked > backoff)
            {
                // The server said when to come back: wait that long if the page's time allows, else give its answer.
                if (clock.Elapsed + asked >= options.Timeout) return result;
                backoff = asked;
            }
            await Task.Delay(backoff, cancellationToken);
        }
    }

    public static bool IsFetchable(Uri url, out string? error)
    {
        error = url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"Unsupported URL '{url}': only absolute http and https URLs can be scraped.";
        return error is null;
    }

    /// <summary>One try; <c>Transient</c> says whether another try could answer differently.</summary>
    private async Task<(FetchResult Result, bool Transient)> FetchOnceAsync(Uri requested, FetchOptions options, Stopwatch clock, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout - clock.Elapsed is { } left && left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        var current = requested;
        try
        {
            for (var hop = 0; ; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.UserAgent.ParseAdd(UserAgent);
                request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,text/plain;q=0.8,*/*;q=0.5");
                request.Headers.AcceptLanguage.ParseAdd("en;q=0.9,*;q=0.5");
                foreach (var (name, value) in options.Headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        return (new FetchResult(requested, current, null, null, [], false, $"Unsupported request header '{name}'.", clock.Elapsed), false);
                    }
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
                {
                    if (hop >= options.MaxRedirects)
                    {
                        return (new FetchResult(requested, current, (int)response.StatusCode, null, [], false,
                            $"Too many redirects (more than {options.MaxRedirects}).", clock.Elapsed), false);
                    }
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!IsFetchable(next, out var error))
                    {
                        return (new FetchResult(requested, current, (int)response.StatusCode, null, [], false, error, clock.Elapsed), false);
                    }
                    current = next;
                    continue;
                }

                var (body, truncated) = await ReadLimitedAsync(response.Content, options.MaxBodyBytes, timeout.Token);
                return (new FetchResult(requested, current, (int)response.StatusCode, ContentTypeOf(response.Content.Headers.ContentType),
                    body, truncated, null, clock.Elapsed) { RetryAfter = RetryAfterOf(response) }, false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new FetchResult(requested, current, null, null, [], false, $"{TimeoutMessagePrefix} {options.Timeout.TotalSeconds:0.#} s.", clock.Elapsed), false);
        }
        catch (HttpRequestException e) when (FindBlocked(e) is { } blocked)
        {
            return (new FetchResult(requested, current, null, null, [], false, blocked.Message, clock.Elapsed) { Refused = true }, false);
        }
        catch (HttpRequestException e)
        {
            return (new FetchResult(requested, current, null, null, [], false, $"Could not fetch {current}: {e.Message}", clock.Elapsed), true);
        }
    }

    private static BlockedAddressException? FindBlocked(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is BlockedAddressException blocked) return blocked;
        }
        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary><c>Retry-After</c> of a 429 or 503 (seconds or a date), capped at ten minutes.</summary>
    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)) return null;
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        return wait is null ? null : TimeSpan.FromTicks(Math.Clamp(wait.Value.Ticks, 0, TimeSpan.FromMinutes(10).Ticks));
    }

    private static string? ContentTypeOf(MediaTypeHeaderValue? header) => header?.ToString();

    private static async Task<(byte[] Body, bool Truncated)> ReadLimitedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0) return (buffer.ToArray(), false);
            var room = maxBytes - buffer.Length;
            if (read >= room)
            {
                buffer.Write(chunk, 0, (int)room);
                return (buffer.ToArray(), true);
            }
            buffer.Write(chunk, 0, read);
        }
    }
}
