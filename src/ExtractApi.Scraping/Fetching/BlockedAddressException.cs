namespace ExtractApi.Scraping.Fetching;

/// <summary>A fetch refused by the SSRF guard (never retried).</summary>
public sealed class BlockedAddressException(string message) : IOException(message);
