using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ExtractApi.Api;

namespace ExtractApi.Dialects.Linkup;

/// <summary>
/// Signed, time-limited download links for a task's NDJSON rows (<c>output.resultUrl</c>). Fetched without a bearer
/// token, so the link itself is the credential: HMAC-SHA256 over the job id and the expiry instant.
/// </summary>
public sealed class LinkupResultLinks(byte[] key, TimeSpan lifetime)
{
    public const string PathTemplate = "/v1/extract/{id}/results.ndjson";

    public string Create(HttpRequest request, Guid jobId, DateTime now)
    {
        var expires = new DateTimeOffset(now).Add(lifetime).ToUnixTimeSeconds();
        return $"{PublicUrls.Base(request)}/v1/extract/{jobId:D}/results.ndjson" +
            $"?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={Sign(jobId, expires)}";
    }

    public bool IsValid(Guid jobId, long expires, string? signature, DateTime now)
    {
        if (signature is null || expires < new DateTimeOffset(now).ToUnixTimeSeconds()) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(jobId, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(Guid jobId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes($"{jobId:D}:{expires.ToString(CultureInfo.InvariantCulture)}")));
}
