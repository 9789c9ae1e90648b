using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ExtractApi.Jobs.Model;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Hosting;

/// <summary>
/// 10,000 hostile requests across every endpoint (malformed JSON, wrong types, huge values, hostile URLs, odd
/// encodings, invalid ids, forged/expired/unsigned tokens, other tenants' ids): no 5xx, and every error in the shape of
/// the dialect the path speaks. Seeded, so a failure replays.
/// </summary>
public sealed class FuzzTests(FuzzTests.FuzzApi api) : IClassFixture<FuzzTests.FuzzApi>
{
    public sealed class FuzzApi : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("RateLimiting:PermitsPerSecond", "100000");
            builder.UseSetting("RateLimiting:Burst", "100000");
        }
    }

    private static readonly (string Method, string Path)[] Endpoints =
    [
        ("GET", "/v1/batch/scrape/{id}"), ("GET", "/v1/crawl/{id}"), ("GET", "/v1/batch/scrape/{id}/errors"), ("DELETE", "/v1/batch/scrape/{id}"),
        ("DELETE", "/v1/crawl/{id}"), ("POST", "/v1/batch/scrape"), ("POST", "/v1/extract"), ("GET", "/v1/extract/{id}"),
        ("GET", "/v1/extract/{id}/results.ndjson"), ("GET", "/v1/extractions/{id}"), ("POST", "/v1/extractions"), ("POST", "/v1/templates"),
        ("GET", "/v1/templates"), ("GET", "/v1/templates/{id}"), ("DELETE", "/v1/templates/{id}"), ("GET", "/api/v1/extraction/results/{id}"),
        ("POST", "/api/v1/schemas"), ("GET", "/api/v1/schemas/{id}"), ("PUT", "/api/v1/schemas/{id}"), ("DELETE", "/api/v1/schemas/{id}"),
        ("POST", "/api/v1/jobs"), ("GET", "/api/v1/jobs/{id}"), ("GET", "/v1/nowhere/{id}"), ("PATCH", "/v1/extract/{id}"),
    ];

    private static readonly string[] HostileUrls =
    [
        "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "javascript:alert(1)", "http://[::1]:22/",
        "http://0x7f000001/", "gopher://x", "http://" + new string('a', 5000) + ".com", "ht tp://bad url", "http://例え.テスト/パス", "",
        "http://localhost:5432", "//evil.example", "http://user:pass@10.0.0.1/", "data:text/html,<script>",
    ];

    [Fact]
    public async Task Ten_thousand_hostile_requests_get_no_5xx_and_every_error_in_its_dialect_shape()
    {
        var random = new Random(20261123);
        var owned = JobSeeds.Job(Dialect.Firecrawl, JobKind.BatchScrape, JobStatus.Completed, "fuzzer", "org-f");
        var foreign = JobSeeds.Job(Dialect.Docmap, JobKind.DocumentExtract, JobStatus.Processing, "victim", "org-v");
        await api.WithDbAsync(async db => { db.Jobs.AddRange(owned, foreign); await db.SaveChangesAsync(); });
        string[] tokens =
        [
            api.TokenFor("fuzzer", "org-f"), api.TokenFor("fuzzer", "org-f"), api.TokenFor("fuzzer", "org-f"), api.TokenFor("other", "org-o"),
            api.TokenFor("fuzzer", "org-f", TimeSpan.FromSeconds(-120)), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJmdXp6ZXIifQ.", "garbage", "",
            api.TokenFor("fuzzer", "org-f")[..^4] + "AAAA",
        ];
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        const int Total = 10_000;
        var requests = Enumerable.Range(0, Total).Select(_ => Build(random, owned.Id, foreign.Id, tokens)).ToList();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (made, token) =>
        {
            using var client = api.CreateClient();
            using var request = made.Request;
            var response = await client.SendAsync(request, token);
            var body = await response.Content.ReadAsStringAsync(token);
            var status = (int)response.StatusCode;
            lock (statuses) statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var problem = status >= 500 ? "5xx" : status >= 400 ? ShapeProblem(made.Path, body) : null;
            if (problem is not null)
            {
                lock (failures) failures.Add($"{made.Method} {made.Path} → {status} ({problem}): {body[..Math.Min(body.Length, 200)]}");
            }
        });

        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n{string.Join("\n", failures.Take(15))}");
        Assert.Equal(Total, statuses.Values.Sum());
        Assert.DoesNotContain(statuses.Keys, s => s >= 500);
        Assert.Contains(401, statuses.Keys);
        Assert.Contains(400, statuses.Keys);
        Assert.Contains(404, statuses.Keys);
    }

    private sealed record Made(string Method, string Path, HttpRequestMessage Request);

    private static Made Build(Random random, Guid owned, Guid foreign, string[] tokens)
    {
        var (method, template) = Endpoints[random.Next(Endpoints.Length)];
        var id = random.Next(9) switch
        {
            0 => owned.ToString(),
            1 => foreign.ToString(),
            2 => Guid.NewGuid().ToString(),
            3 => "not-a-uuid",
            4 => Uri.EscapeDataString(new string('9', random.Next(1, 3000))),
            5 => "%FF%C0%AF%25", // (%00 is refused by the in-process test client itself; Kestrel answers it 400)
            6 => Uri.EscapeDataString("../../etc/passwd"),
            7 => Uri.EscapeDataString("ü🙂\u202e"),
            _ => "tmpl_" + random.Next(),
        };
        var path = template.Replace("{id}", id, StringComparison.Ordinal);
        if (random.Next(5) == 0) path += random.Next(3) switch { 0 => "?skip=-5&limit=abc", 1 => "?limit=99999999999", _ => "?expires=1&signature=zz" };
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        var token = tokens[random.Next(tokens.Length)];
        if (token.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", random.Next(10) == 0 ? "Basic " + token : "Bearer " + token);
        string? userAgent = random.Next(4) == 0 ? "Linkup-JS-SDK/2.1.1" : null;
        if (userAgent is not null) request.Headers.UserAgent.ParseAdd(userAgent);
        if (random.Next(6) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", random.Next(2) == 0 ? new string('k', 400) : "key-" + random.Next(50));
        if (method is "POST" or "PUT" or "PATCH") request.Content = Body(random);
        return new Made(method, path, request);
    }

    private static HttpContent Body(Random random)
    {
        string Url() => HostileUrls[random.Next(HostileUrls.Length)];
        var json = random.Next(16) switch
        {
            0 => "{",
            1 => "not json",
            2 => "",
            3 => "[1,2,3]",
            4 => "null",
            5 => JsonSerializer.Serialize(new { urls = Enumerable.Range(0, random.Next(0, 5)).Select(_ => Url()).ToArray(), formats = new[] { "markdown", "screenshot", "x" } }),
            6 => JsonSerializer.Serialize(new { urls = 42, schema = "object", prompt = 7 }),
            7 => JsonSerializer.Serialize(new { q = new string('q', random.Next(1, 200_000)), url = Url(), schema = new { type = "nope" } }),
            8 => JsonSerializer.Serialize(new { q = "rows", url = Url(), verifyUrls = "yes" }),
            9 => new string('[', 5000) + new string(']', 5000),
            10 => JsonSerializer.Serialize(new { name = "", variables = new object[] { 1, new { name = "a", type = "blob" }, new { name = "1bad" } } }),
            11 => JsonSerializer.Serialize(new { url = Url(), schemaId = "zzz", schema = new { type = "object", properties = new { p = new { type = 5 } } } }),
            12 => JsonSerializer.Serialize(new { urls = new[] { "https://example.com" }, webhook = new { url = Url(), events = new[] { "boom" } }, timeout = -1, headers = new { A = 1 } }),
            13 => JsonSerializer.Serialize(new { name = "s", schema = new { type = "object", properties = new { a = new { type = "string", pattern = "((" } } } }),
            14 => "{\"urls\":[\"https://example.com\"],\"schema\":{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\"}}}}",
            _ => "{\"name\":\"\udc00\"}",
        };
        if (random.Next(12) == 0)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            return new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }
        if (random.Next(10) == 0)
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "file", "x.pdf" }, { new StringContent("tmpl_x"), "templateId" } };
            return form;
        }
        return new StringContent(json, Encoding.UTF8, random.Next(8) == 0 ? "text/plain" : "application/json");
    }

    /// <summary>Null when the body is the error shape of the dialect the path speaks.</summary>
    private static string? ShapeProblem(string path, string body)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            return "not JSON";
        }
        bool Firecrawl() => root.ValueKind == JsonValueKind.Object && root.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.False
            && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String;
        bool Linkup() => root.ValueKind == JsonValueKind.Object && root.TryGetProperty("statusCode", out _) && root.TryGetProperty("error", out var e)
            && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out _) && e.TryGetProperty("details", out _);
        bool Docmap() => root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Count() == 1 && root.TryGetProperty("error", out var e)
            && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("code", out _) && e.TryGetProperty("message", out _);
        bool JustCrawl() => root.ValueKind == JsonValueKind.Object && root.EnumerateObject().Count() == 1 && root.TryGetProperty("error", out var e)
            && e.ValueKind == JsonValueKind.String;

        var ok = path switch
        {
            _ when path.StartsWith("/api/", StringComparison.Ordinal) => JustCrawl(),
            _ when path.StartsWith("/v1/extractions", StringComparison.Ordinal) || path.StartsWith("/v1/templates", StringComparison.Ordinal) => Docmap(),
            _ when path.StartsWith("/v1/extract", StringComparison.Ordinal) => Firecrawl() || Linkup(),
            _ => Firecrawl(),
        };
        return ok ? null : "wrong error shape";
    }
}
