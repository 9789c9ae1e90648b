using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Api;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// A stored page as a Firecrawl document. v1 documents carry the stored metadata as it is; v2 documents also carry
/// v2's metadata keys: <c>scrapeId</c> (stable for the page: derived from its job and position), <c>creditsUsed</c>
/// (one per page), <c>cacheState</c> (<c>miss</c> unless the page came from the cache, whose metadata says <c>hit</c>)
/// and <c>proxyUsed</c> (<c>basic</c>). The page's other formats (<c>json</c>, <c>changeTracking</c>...) are stored as
/// one JSON object of document keys and written beside the text formats.
/// </summary>
public static class FirecrawlDocuments
{
    public static FirecrawlDocument Build(FirecrawlVersion version, Guid jobId, int position, string? markdown, string? html, string? rawHtml,
        IReadOnlyList<string>? links, string? metadataJson, string? extrasJson, string linkBase = "")
    {
        var metadata = metadataJson ?? "{}";
        if (version == FirecrawlVersion.V2)
        {
            var extra = $"\"scrapeId\":\"{ScrapeId(jobId, position):D}\",\"creditsUsed\":1,"
                + (metadata.Contains("\"cacheState\"", StringComparison.Ordinal) ? "" : "\"cacheState\":\"miss\",") + "\"proxyUsed\":\"basic\"";
            metadata = metadata.TrimStart() is "{}" or "{ }" ? "{" + extra + "}" : "{" + extra + "," + metadata.TrimStart()[1..];
        }
        var extras = extrasJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(extrasJson);
        // A rendered page's screenshot and action screenshots are stored as paths; answered as links on this server.
        string? screenshot = null;
        JsonObject? actions = null;
        if (extras is not null && extras.Remove("screenshot", out var path)) screenshot = linkBase + path.GetString();
        if (extras is not null && extras.Remove("actions", out var results))
        {
            actions = JsonObject.Create(results);
            if (actions?["screenshots"] is JsonArray shots)
            {
                actions["screenshots"] = new JsonArray(shots.Select(s => (JsonNode)(linkBase + s!.GetValue<string>())).ToArray());
            }
        }
        return new FirecrawlDocument(markdown, html, rawHtml, links, new RawJson(metadata))
        {
            Extras = extras is { Count: > 0 } ? extras : null, Screenshot = screenshot, Actions = actions,
        };
    }

    /// <summary>A page's scrape id: a UUID from its job's id and its position among the job's documents.</summary>
    public static Guid ScrapeId(Guid jobId, int position)
    {
        if (position == 0) return jobId;
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes($"{jobId:N}/{position}"), hash);
        hash[6] = (byte)((hash[6] & 0x0f) | 0x50); // version 5-like, variant RFC 4122
        hash[8] = (byte)((hash[8] & 0x3f) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
