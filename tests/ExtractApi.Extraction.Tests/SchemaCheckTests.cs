using System.Text.Json.Nodes;

namespace ExtractApi.Extraction.Tests;

public class SchemaCheckTests
{
    private static List<string> ErrorPaths(string schema) =>
        [.. SchemaCheck.Validate(JsonNode.Parse(schema)).Select(e => e.Path)];

    [Fact]
    public void A_good_schema_has_no_errors() =>
        Assert.Empty(ErrorPaths("""{"type":"object","properties":{"price":{"type":["number","null"]},"tags":{"type":"array","items":{"type":"string"}}},"required":["price"]}"""));

    [Fact]
    public void Unknown_type_is_named_by_path() =>
        Assert.Equal(["schema.properties.price.type"], ErrorPaths("""{"type":"object","properties":{"price":{"type":"money"}}}"""));

    [Fact]
    public void Nested_errors_name_the_full_path() =>
        Assert.Equal(
            ["schema.properties.items.items.properties.qty.type"],
            ErrorPaths("""{"type":"object","properties":{"items":{"type":"array","items":{"type":"object","properties":{"qty":{"type":"int"}}}}}}"""));

    [Fact]
    public void Root_must_be_an_object_schema()
    {
        Assert.Equal(["schema"], ErrorPaths("[1,2]"));
        Assert.Contains("schema.type", ErrorPaths("""{"type":"array","items":{"type":"string"},"properties":{}}"""));
    }

    [Fact]
    public void Root_needs_properties() => Assert.Equal(["schema.properties"], ErrorPaths("""{"type":"object"}"""));

    [Fact]
    public void Malformed_properties_are_named()
    {
        Assert.Equal(["schema.properties"], ErrorPaths("""{"type":"object","properties":["name"]}"""));
        Assert.Equal(["schema.properties.name"], ErrorPaths("""{"type":"object","properties":{"name":"string"}}"""));
    }

    [Fact]
    public void Invalid_regex_is_named() =>
        Assert.Equal(["schema.properties.sku.pattern"], ErrorPaths("""{"type":"object","properties":{"sku":{"type":"string","pattern":"[A-Z"}}}"""));

    [Fact]
    public void Invalid_css_selector_is_named() =>
        Assert.Equal(["schema.properties.title.x-selector"], ErrorPaths("""{"type":"object","properties":{"title":{"type":"string","x-selector":"h1[[["}}}"""));

    [Fact]
    public void Required_must_name_declared_properties() =>
        Assert.Equal(["schema.required[1]"], ErrorPaths("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a","b"]}"""));

    [Fact]
    public void Enum_items_and_bounds_are_checked()
    {
        Assert.Equal(
            ["schema.properties.status.enum", "schema.properties.tags.items", "schema.properties.qty.minimum"],
            ErrorPaths("""{"type":"object","properties":{"status":{"type":"string","enum":[]},"tags":{"type":"array","items":"string"},"qty":{"type":"integer","minimum":"zero"}}}"""));
    }

    [Fact]
    public void Unresolvable_reference_is_named() =>
        Assert.Equal(["schema.properties.seller.$ref"], ErrorPaths("""{"type":"object","properties":{"seller":{"$ref":"#/$defs/Missing"}}}"""));

    [Fact]
    public void Local_references_are_followed()
    {
        var schema = ExtractionSchema.Parse(JsonNode.Parse("""{"type":"object","$defs":{"Money":{"type":"number"}},"properties":{"price":{"$ref":"#/$defs/Money"}}}"""));

        Assert.Equal(FieldKind.Number, schema.Root.Properties[0].Kind);
    }

    [Fact]
    public void Parse_throws_with_every_error()
    {
        var error = Assert.Throws<InvalidSchemaException>(() =>
            ExtractionSchema.Parse(JsonNode.Parse("""{"type":"object","properties":{"a":{"type":"strng"},"b":{"type":"string","pattern":"("}}}""")));

        Assert.Equal(["schema.properties.a.type", "schema.properties.b.pattern"], error.Errors.Select(e => e.Path));
        Assert.Contains("schema.properties.a.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_variables_become_a_schema()
    {
        var schema = TemplateSchema.FromDocmapTemplate(JsonNode.Parse(
            """{"variables":[{"name":"total","type":"currency","description":"Total due"},{"name":"issued","type":"date"},{"name":"paid","type":"boolean"},{"name":"tags","type":"list"}]}"""));

        Assert.Equal("number", schema["properties"]!["total"]!["type"]!.GetValue<string>());
        Assert.Equal("Total due", schema["properties"]!["total"]!["description"]!.GetValue<string>());
        Assert.Equal("date", schema["properties"]!["issued"]!["format"]!.GetValue<string>());
        Assert.Equal("boolean", schema["properties"]!["paid"]!["type"]!.GetValue<string>());
        Assert.Equal("array", schema["properties"]!["tags"]!["type"]!.GetValue<string>());
        Assert.Empty(SchemaCheck.Validate(schema));
    }

    [Fact]
    public void Bad_template_variables_are_named_by_path()
    {
        var error = Assert.Throws<InvalidSchemaException>(() => TemplateSchema.FromDocmapTemplate(JsonNode.Parse(
            """{"variables":[{"name":"total","type":"money-ish"},{"type":"string"},{"name":"total","type":"number"}]}""")));

        Assert.Equal(new[] { "template.variables[0].type", "template.variables[1].name", "template.variables[2].name" }, error.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generated_schemas_with_meta_keywords_and_nullable_types_are_accepted()
    {
        var schema = ExtractionSchema.Parse(JsonNode.Parse("""
            {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
             "definitions":{"Author":{"type":"object","properties":{"name":{"type":["string","null"]}}}},
             "properties":{"title":{"type":"string","minLength":1},"author":{"$ref":"#/definitions/Author"},"score":{"type":["number","null"]}},
             "required":["title"]}
            """));

        Assert.Equal(["title", "author.name", "score"], schema.Root.Leaves().Select(l => l.Path));
        Assert.Equal(FieldKind.Number, schema.Root.Properties[2].Kind);
        Assert.True(schema.Root.Properties[0].Required);
    }

    [Fact]
    public void First_page_only_when_asked()
    {
        var text = DocumentText.FromPdf(InvoicePdf.Build(), maxPages: 1);

        Assert.Contains("Page 1 of 2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Page 2 of 2", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":true,"b":{"type":"string"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string","format":"no-such-format"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{"type":"number"}]}}}""")]
    public void Unusual_but_valid_schemas_compile_or_fail_as_invalid_schemas(string schema)
    {
        var error = Record.Exception(() => ExtractionSchema.Parse(JsonNode.Parse(schema)));

        Assert.True(error is null or InvalidSchemaException, error?.ToString());
        if (error is null)
        {
            // And extraction with it runs.
            var html = "<html><body><p>A: 12</p><p>B: text</p></body></html>";
            Assert.NotNull(SchemaExtractor.Extract(ExtractionInput.FromHtml(html), ExtractionSchema.Parse(JsonNode.Parse(schema))).Data);
        }
    }
}
