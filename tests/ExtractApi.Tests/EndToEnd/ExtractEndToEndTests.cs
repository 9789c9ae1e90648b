using System.Net;
using System.Text;
using System.Text.Json;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>Extraction jobs of three dialects, through HTTP, with the worker and the writer running in the server.</summary>
public sealed class ExtractEndToEndTests(ExtractEndToEndTests.ExtractApiWithSite api) : IClassFixture<ExtractEndToEndTests.ExtractApiWithSite>
{
    public sealed class ExtractApiWithSite : SiteApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Docmap:MaxUploadBytes", "300000");
        }
    }

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> PollAsync(HttpClient client, string path, Func<HttpResponseMessage, JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync(path);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (done(response, body)) return body;
            Assert.True(DateTime.UtcNow < deadline, $"{path} never finished: {body}");
            await Task.Delay(100);
        }
    }

    private const string ProductSchema = """
        {"type":"object","properties":{"name":{"type":"string"},"sku":{"type":"string"},"price":{"type":"number"},
         "brand":{"type":"string"},"in_stock":{"type":"boolean"}}}
        """;

    [Fact]
    public async Task Firecrawl_extract_fills_the_schema_from_the_page()
    {
        var client = api.ClientFor("alice");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/extract",
            Body($$$"""{"urls":["{{{api.Site.Url("/product")}}}"],"schema":{{{ProductSchema}}},"showSources":true}""")), HttpStatusCode.OK);
        var status = await PollAsync(client, $"/v1/extract/{created.Str("id")}", (_, b) => b.Str("status") != "processing");
        Assert.Equal("completed", status.Str("status"));
        var data = status.GetProperty("data");
        Assert.Equal("Kettle K-200", data.Str("name"));
        Assert.Equal("K-200", data.Str("sku"));
        Assert.Equal(39.90, data.GetProperty("price").GetDouble());
        Assert.Equal("Acme", data.Str("brand"));
        Assert.True(data.GetProperty("in_stock").GetBoolean());
        Assert.Equal(JsonValueKind.Object, status.GetProperty("sources").ValueKind);
    }

    [Fact]
    public async Task Linkup_rows_come_back_through_the_signed_ndjson_link()
    {
        var client = api.ClientFor("alice", userAgent: "Linkup-JS-SDK/2.1.1");
        var task = await Json.ReadAsync(await client.PostAsync("/v1/extract", Body(JsonSerializer.Serialize(new
        {
            q = "All engineering team members with their role",
            url = api.Site.Url("/team").ToString(),
            schema = new { type = "object", properties = new { name = new { type = "string" }, role = new { type = "string" } } },
        }))), HttpStatusCode.OK);
        var done = await PollAsync(client, $"/v1/extract/{task.Str("id")}", (_, b) => b.Str("status") is "completed" or "failed");
        Assert.Equal("completed", done.Str("status"));
        var output = done.GetProperty("output");
        Assert.Equal(3, output.GetProperty("rowsReturned").GetInt32());
        var ndjson = await api.CreateClient().GetStringAsync(output.Str("resultUrl"));
        var rows = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Ada Lovelace", "Grace Hopper", "Alan Turing"], rows.Select(r => r.Str("name")));
        Assert.Equal("Admiral", rows[1].Str("role"));
    }

    [Fact]
    public async Task JustCrawl_result_row_lands_after_202s_with_quality_scores()
    {
        const string Org = "3c2b1a00-0000-4000-8000-000000000042";
        var client = api.ClientFor("alice", Org);
        var schema = await Json.ReadAsync(await client.PostAsync("/api/v1/schemas",
            Body($$$"""{"name":"product","dataType":"product","schema":{{{ProductSchema}}}}""")), HttpStatusCode.Created);
        var job = await Json.ReadAsync(await client.PostAsync("/api/v1/jobs",
            Body($$$"""{"url":"{{{api.Site.Url("/product")}}}","schemaId":"{{{schema.Str("id")}}}"}""")), HttpStatusCode.Created);
        var row = await PollAsync(client, $"/api/v1/extraction/results/{job.Str("id")}", (r, _) => r.StatusCode != HttpStatusCode.Accepted);
        Json.HasExactly(row, "id", "orgId", "jobId", "domain", "schemaId", "dataType", "normalized", "rawBlobKey",
            "qualityCompleteness", "qualityValidation", "qualityComposite", "latencyMs", "deliveredAt", "createdAt");
        Assert.Equal(Org, row.Str("orgId"));
        Assert.Equal("127.0.0.1", row.Str("domain"));
        Assert.Equal("product", row.Str("dataType"));
        Assert.Equal(schema.Str("id"), row.Str("schemaId"));
        Assert.Equal("Kettle K-200", row.GetProperty("normalized").Str("name"));
        Assert.Equal(1.0, row.GetProperty("qualityCompleteness").GetDouble());
        Assert.InRange(row.GetProperty("qualityComposite").GetDouble(), 0.99, 1.0);
        Assert.Equal("completed", (await Json.ReadAsync(await client.GetAsync($"/api/v1/jobs/{job.Str("id")}"), HttpStatusCode.OK)).Str("status"));
    }

    [Fact]
    public async Task A_prompt_without_a_schema_fails_clearly_without_an_llm()
    {
        var client = api.ClientFor("alice");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/extract",
            Body($$$"""{"urls":["{{{api.Site.Url("/product")}}}"],"prompt":"What does it cost?"}""")), HttpStatusCode.OK);
        var status = await PollAsync(client, $"/v1/extract/{created.Str("id")}", (_, b) => b.Str("status") != "processing");
        Assert.Equal("failed", status.Str("status"));
        Assert.Contains("Extraction:Llm", status.Str("error"));
    }
}
