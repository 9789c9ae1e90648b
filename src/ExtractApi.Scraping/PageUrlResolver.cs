namespace ExtractApi.Scraping;

/// <summary>
/// The URL references of one page made absolute against its base (<see cref="PageUrls.Resolve"/>), each distinct
/// reference once: the links, the cleaned HTML and the Markdown all resolve the same <c>href</c>s, and a
/// <see cref="Uri"/> costs about 500 bytes of garbage (converting a page of 400,000 links allocated 1,078 MB resolving
/// each three times, 697 MB resolving each once). Holds the distinct references of one page; not thread-safe (a
/// conversion runs on one thread).
/// </summary>
internal sealed class PageUrlResolver(Uri baseUrl)
{
    private readonly Dictionary<string, string?> resolved = new(StringComparer.Ordinal);

    public Uri BaseUrl { get; } = baseUrl;

    /// <summary><paramref name="reference"/> as an absolute URL (its <see cref="Uri.AbsoluteUri"/>), or null when it is not a usable URL.</summary>
    public string? Absolute(string reference)
    {
        if (!resolved.TryGetValue(reference, out var absolute))
        {
            absolute = PageUrls.Resolve(reference, BaseUrl)?.AbsoluteUri;
            resolved.Add(reference, absolute);
        }
        return absolute;
    }

    /// <summary>Whether an absolute URL (as <see cref="Absolute"/> gives it, scheme in lower case) has the scheme <paramref name="scheme"/>.</summary>
    public static bool HasScheme(string absolute, string scheme) =>
        absolute.Length > scheme.Length && absolute[scheme.Length] == ':' && absolute.StartsWith(scheme, StringComparison.Ordinal);
}
