using ExtractApi.Hosting;
using Microsoft.Extensions.Options;

namespace ExtractApi.Api;

/// <summary>
/// Where clients reach this server, for the absolute links answers carry (<c>url</c>, <c>next</c>, <c>resultUrl</c>):
/// <c>Server:PublicBaseUrl</c> when set, so a forged <c>Host</c> header is never reflected into a link; otherwise the
/// request's own scheme, host and path base (local use). Forwarded headers are not honoured.
/// </summary>
public static class PublicUrls
{
    /// <summary>The base without a trailing slash, e.g. <c>https://api.example.com/extract</c>.</summary>
    public static string Base(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptions<ServerSettings>>().Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
}
