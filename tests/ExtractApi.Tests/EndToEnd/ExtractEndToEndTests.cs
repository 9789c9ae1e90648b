using System.Net;
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
            Json.Body($$$"""{"urls":["{{{api.Site.Url("/product")}}}"],"schema":{{{ProductSchema}}},"showSources":true}""")), HttpStatusCode.OK);
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
    public async Task A_page_that_names_its_charset_only_in_its_markup_is_read_in_that_charset()
    {
        var client = api.ClientFor("alice");
        const string Schema = """{"type":"object","properties":{"title":{"type":"string"},"price":{"type":"number"}}}""";
        var created = await Json.ReadAsync(await client.PostAsync("/v1/extract",
            Json.Body($$$"""{"urls":["{{{api.Site.Url("/windows-1252")}}}"],"schema":{{{Schema}}}}""")), HttpStatusCode.OK);
        var status = await PollAsync(client, $"/v1/extract/{created.Str("id")}", (_, b) => b.Str("status") != "processing");
        Assert.Equal("completed", status.Str("status"));
        Assert.Equal("Crème brûlée – “classic”", status.GetProperty("data").Str("title"));
        Assert.Equal(5.50, status.GetProperty("data").GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task Linkup_rows_come_back_through_the_signed_ndjson_link()
    {
        var client = api.ClientFor("alice", userAgent: "Linkup-JS-SDK/2.1.1");
        var task = await Json.ReadAsync(await client.PostAsync("/v1/extract", Json.Body(JsonSerializer.Serialize(new
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
            Json.Body($$$"""{"name":"product","dataType":"product","schema":{{{ProductSchema}}}}""")), HttpStatusCode.Created);
        var job = await Json.ReadAsync(await client.PostAsync("/api/v1/jobs",
            Json.Body($$$"""{"url":"{{{api.Site.Url("/product")}}}","schemaId":"{{{schema.Str("id")}}}"}""")), HttpStatusCode.Created);
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
    public async Task Firecrawl_extract_with_an_array_schema_over_several_product_pages_gives_one_entry_per_product()
    {
        var client = api.ClientFor("alice");
        var urls = string.Join(',', Enumerable.Range(1, 3).Select(n => $"\"{api.Site.Url($"/shop/p/{n}")}\""));
        const string Schema = """
            {"type":"object","properties":{"products":{"type":"array","items":{"type":"object",
              "properties":{"name":{"type":"string"},"price":{"type":"number"}}}}}}
            """;
        var created = await Json.ReadAsync(await client.PostAsync("/v1/extract", Json.Body($$$"""{"urls":[{{{urls}}}],"schema":{{{Schema}}}}""")), HttpStatusCode.OK);
        var status = await PollAsync(client, $"/v1/extract/{created.Str("id")}", (_, b) => b.Str("status") != "processing");
        Assert.Equal("completed", status.Str("status"));
        var products = status.GetProperty("data").GetProperty("products").EnumerateArray().ToList();
        // Each page's own product, not the cards of related ones each page also shows.
        Assert.Equal(["Enamel Camp Mug", "Pour-over Kettle", "Burr Grinder"], products.Select(p => p.Str("name")));
        Assert.Equal([14.00, 42.50, 89.00], products.Select(p => p.GetProperty("price").GetDouble()));
    }

    [Fact]
    public async Task Linkup_row_mode_gives_one_row_per_record_of_a_listing_page()
    {
        var client = api.ClientFor("alice", userAgent: "Linkup-JS-SDK/2.1.1");
        var task = await Json.ReadAsync(await client.PostAsync("/v1/extract", Json.Body(JsonSerializer.Serialize(new
        {
            q = "Every product with its price and link",
            url = api.Site.Url("/shop/list").ToString(),
            schema = new
            {
                type = "object",
                properties = new { name = new { type = "string" }, price = new { type = "number" }, url = new { type = "string", format = "uri" } },
            },
        }))), HttpStatusCode.OK);
        var done = await PollAsync(client, $"/v1/extract/{task.Str("id")}", (_, b) => b.Str("status") is "completed" or "failed");
        Assert.Equal("completed", done.Str("status"));
        var output = done.GetProperty("output");
        Assert.Equal(5, output.GetProperty("rowsReturned").GetInt32());
        var ndjson = await api.CreateClient().GetStringAsync(output.Str("resultUrl"));
        var rows = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Enamel Camp Mug", "Pour-over Kettle", "Burr Grinder", "Glass Carafe", "Travel Tumbler"], rows.Select(r => r.Str("name")));
        Assert.Equal(24.90, rows[3].GetProperty("price").GetDouble());
        Assert.Equal(api.Site.Url("/shop/p/5").ToString(), rows[4].Str("url"));
    }

    [Fact]
    public async Task A_prompt_without_a_schema_fails_clearly_without_an_llm()
    {
        var client = api.ClientFor("alice");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/extract",
            Json.Body($$$"""{"urls":["{{{api.Site.Url("/product")}}}"],"prompt":"What does it cost?"}""")), HttpStatusCode.OK);
        var status = await PollAsync(client, $"/v1/extract/{created.Str("id")}", (_, b) => b.Str("status") != "processing");
        Assert.Equal("failed", status.Str("status"));
        Assert.Contains("Extraction:Llm", status.Str("error"));
    }
}
