using System.Net;
using System.Text;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Security;

/// <summary>An idempotency key belongs to one caller: organisation and subject together.</summary>
public sealed class IdempotencyScopeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_same_subject_in_another_organisation_never_receives_a_linkup_task_by_its_key()
    {
        const string body = """{"q":"Team members","url":"https://example.com/team"}""";
        var key = Guid.NewGuid().ToString();
        var acme = api.ClientFor("alice", "acme", userAgent: "Linkup-JS-SDK/2.1.1");
        var rival = api.ClientFor("alice", "rival", userAgent: "Linkup-JS-SDK/2.1.1");

        var owned = await Json.ReadAsync(await PostAsync(acme, "/v1/extract", body, key), HttpStatusCode.OK);
        var other = await Json.ReadAsync(await PostAsync(rival, "/v1/extract", body, key), HttpStatusCode.OK);
        Assert.NotEqual(owned.Str("id"), other.Str("id"));
        // Another body under a key the other organisation used is a new task, not a 422 confirming the guessed key.
        var guessed = Guid.NewGuid().ToString();
        await Json.ReadAsync(await PostAsync(acme, "/v1/extract", body, guessed), HttpStatusCode.OK);
        await Json.ReadAsync(await PostAsync(rival, "/v1/extract", """{"q":"Other","url":"https://example.com/x"}""", guessed), HttpStatusCode.OK);

        // The owner's own retry still finds its task, and may poll it.
        var again = await Json.ReadAsync(await PostAsync(acme, "/v1/extract", body, key), HttpStatusCode.OK);
        Assert.Equal(owned.Str("id"), again.Str("id"));
        await Json.ReadAsync(await acme.GetAsync($"/v1/extract/{again.Str("id")}"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_claimed_in_another_organisation_does_not_take_the_owners_justcrawl_job()
    {
        const string body = """{"url":"https://example.com/p","schema":{"type":"object","properties":{"name":{"type":"string"}}}}""";
        var key = Guid.NewGuid().ToString();
        var squatter = api.ClientFor("bob", "rival");
        var owner = api.ClientFor("bob", "acme");

        var claimed = await Json.ReadAsync(await PostAsync(squatter, "/api/v1/jobs", body, key), HttpStatusCode.Created);
        var created = await Json.ReadAsync(await PostAsync(owner, "/api/v1/jobs", body, key), HttpStatusCode.Created);
        Assert.NotEqual(claimed.GetProperty("id").GetString(), created.GetProperty("id").GetString());
        await Json.ReadAsync(await owner.GetAsync($"/api/v1/jobs/{created.GetProperty("id").GetString()}"), HttpStatusCode.OK);
    }
}
