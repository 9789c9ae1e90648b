using System.Net;
using ExtractApi.Tests.Infrastructure;

namespace ExtractApi.Tests.Dialects;

public sealed class DocmapTemplateTests(ApiFactory api) : IClassFixture<ApiFactory>
{

    [Fact]
    public async Task Create_list_get_and_delete_a_template()
    {
        var client = api.ClientFor("uid_owner");
        var created = await Json.ReadAsync(await client.PostAsync("/v1/templates", Json.Body("""
            {"name":"Invoice Template","description":"Invoices from suppliers","variables":[
              {"name":"vendor_name","type":"string","description":"Name of the vendor or supplier"},
              {"name":"total_amount","type":"number","description":"Total due"}]}
            """)), HttpStatusCode.Created);
        var data = created.GetProperty("data");
        Json.HasExactly(data, "id", "userId", "name", "description", "variables", "createdAt", "updatedAt");
        var id = data.Str("id")!;
        Assert.Matches("^tmpl_[0-9a-z]{16}$", id);
        Assert.Equal("uid_owner", data.Str("userId"));
        Assert.Equal(2, data.GetProperty("variables").GetArrayLength());
        Json.HasExactly(data.GetProperty("variables")[0], "name", "type", "description");

        var listed = await Json.ReadAsync(await client.GetAsync("/v1/templates"), HttpStatusCode.OK);
        Assert.Contains(listed.GetProperty("data").EnumerateArray(), t => t.Str("id") == id);
        Assert.Equal("Invoice Template", (await Json.ReadAsync(await client.GetAsync($"/v1/templates/{id}"), HttpStatusCode.OK)).GetProperty("data").Str("name"));

        var other = api.ClientFor("uid_other");
        Json.IsDocmapError(await Json.ReadAsync(await other.GetAsync($"/v1/templates/{id}"), HttpStatusCode.Forbidden), "FORBIDDEN");
        Json.IsDocmapError(await Json.ReadAsync(await other.DeleteAsync($"/v1/templates/{id}"), HttpStatusCode.Forbidden), "FORBIDDEN");
        Assert.DoesNotContain((await Json.ReadAsync(await other.GetAsync("/v1/templates"), HttpStatusCode.OK)).GetProperty("data").EnumerateArray(), t => t.Str("id") == id);

        var deleted = await Json.ReadAsync(await client.DeleteAsync($"/v1/templates/{id}"), HttpStatusCode.OK);
        Assert.True(deleted.GetProperty("data").GetProperty("deleted").GetBoolean());
        Json.IsDocmapError(await Json.ReadAsync(await client.GetAsync($"/v1/templates/{id}"), HttpStatusCode.NotFound), "NOT_FOUND");
    }

    [Theory]
    [InlineData("""{"variables":[{"name":"a"}]}""", "name")]
    [InlineData("""{"name":"T"}""", "variables")]
    [InlineData("""{"name":"T","variables":[]}""", "variables")]
    [InlineData("""{"name":"T","variables":[{"name":"a","type":"blob"}]}""", "variables[0].type")]
    [InlineData("""{"name":"T","variables":[{"name":"1a"}]}""", "variables[0].name")]
    [InlineData("""{"name":"T","variables":[{"name":"a"},{"name":"a"}]}""", "variables[1].name")]
    [InlineData("""{"name":"T","variables":["a"]}""", "variables[0]")]
    [InlineData("""{"name":5,"variables":[{"name":"a"}]}""", "name")]
    [InlineData("""{"name":"T","variables":[{"name":"a"}]""", "JSON")]
    public async Task Bad_templates_get_400_naming_the_field(string json, string named)
    {
        var body = await Json.ReadAsync(await api.ClientFor("uid_owner").PostAsync("/v1/templates", Json.Body(json)), HttpStatusCode.BadRequest);
        Json.IsDocmapError(body, "VALIDATION_ERROR");
        Assert.Contains(named, body.GetProperty("error").Str("message"));
    }
}
