using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Dialects.SharedExtract;
using ExtractApi.Work;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// Reads a scrape's <c>formats</c> into the worker's format names and options. v2 takes names or objects
/// (<c>{type:"json", schema, prompt}</c>, <c>{type:"changeTracking", modes, schema, prompt, tag}</c>,
/// <c>{type:"screenshot", fullPage}</c>, <c>{type:"markdown"}</c>...); v1 takes names, with the <c>json</c> and
/// <c>extract</c> formats' options in <c>jsonOptions</c> / <c>extract</c> and change tracking's in
/// <c>changeTrackingOptions</c>. A screenshot is the format name v1 uses (<c>screenshot</c>, <c>screenshot@fullPage</c>)
/// whichever way it was asked for, refused while no renderer is configured. Formats that need a language model
/// (<c>summary</c>, a <c>json</c> prompt without a schema) are refused when none is configured.
/// </summary>
public static class FirecrawlFormats
{
    /// <summary>What a scrape's formats ask for.</summary>
    public sealed record Selection(IReadOnlyList<string> Names, JsonFormatRequest? Json, ChangeTrackingRequest? ChangeTracking,
        Rendering.ScreenshotSpec? Screenshot = null);

    private static readonly string[] Text = ["markdown", "html", "rawHtml", "links"];
    private static readonly string[] NotProduced = ["images", "branding", "audio", "video"];
    private static readonly string[] ChangeTrackingModes = ["git-diff", "json"];
    private const string NotProducedReason = "is a format this server does not produce (screenshots, actions and waitFor are rendered; this one is not)";
    private const string NoModel = "needs a language model (Extraction:Llm:Endpoint and Extraction:Llm:Model), which this server is not configured with";

    public static Selection Read(RequestReader reader, FirecrawlVersion version, string prefix, bool modelAvailable)
    {
        var names = new List<string>();
        JsonFormatRequest? json = null;
        ChangeTrackingRequest? changeTracking = null;
        Rendering.ScreenshotSpec? screenshot = null;
        var v2 = version == FirecrawlVersion.V2;
        switch (reader.Element("formats"))
        {
            case null:
                names.Add("markdown");
                break;
            case { ValueKind: JsonValueKind.Array } array:
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    var field = $"{prefix}formats[{index++}]";
                    if (item.ValueKind == JsonValueKind.Object && v2)
                    {
                        var inner = new RequestReader(item);
                        var type = inner.Text("type", required: true, maxLength: 50);
                        switch (type)
                        {
                            case null:
                                break;
                            case "json":
                                json = ReadJson(inner, modelAvailable);
                                names.Add("json");
                                break;
                            case "changeTracking":
                                changeTracking = ReadChangeTracking(inner, modelAvailable);
                                names.Add("changeTracking");
                                break;
                            case "screenshot":
                                // {type:"screenshot", fullPage, quality, viewport}: the same request as v1's screenshot names.
                                screenshot = FirecrawlBrowserOptions.ReadScreenshot(reader, item, type, field);
                                break;
                            default:
                                Add(inner, "type", type, names, modelAvailable);
                                break;
                        }
                        foreach (var error in inner.Errors) reader.Fail(error.Field == "type" ? field : $"{field}.{error.Field}", error.Message);
                    }
                    else if (item.ValueKind == JsonValueKind.String)
                    {
                        var name = item.GetString()!;
                        switch (name)
                        {
                            case "json" when v2:
                                reader.Fail(field, "the json format needs its options: use {type: \"json\", schema, prompt}");
                                break;
                            case "changeTracking" when v2:
                                changeTracking ??= new ChangeTrackingRequest([], null, null, null);
                                names.Add(name);
                                break;
                            case var shot when FirecrawlBrowserOptions.IsScreenshot(shot):
                                screenshot = FirecrawlBrowserOptions.ReadScreenshot(reader, item, shot, field);
                                break;
                            case "json" or "extract" or "changeTracking" when !v2:
                                names.Add(name); // v1: their options are read below
                                break;
                            default:
                                Add(reader, field, name, names, modelAvailable);
                                break;
                        }
                    }
                    else
                    {
                        reader.Fail(field, v2 ? "must be a format name or an object with a type" : "must be a string");
                    }
                }
                if (array.GetArrayLength() == 0) reader.Fail($"{prefix}formats", "must name at least one format");
                break;
            default:
                reader.Fail($"{prefix}formats", "must be an array");
                break;
        }

        if (!v2)
        {
            // v1: the json and extract formats take their options from jsonOptions / extract, change tracking from changeTrackingOptions.
            foreach (var (format, options) in new[] { ("json", "jsonOptions"), ("extract", "extract") })
            {
                var asked = names.Contains(format);
                switch (reader.Element(options))
                {
                    case null when asked:
                        reader.Fail($"{prefix}{options}", $"the {format} format needs {options} with a schema or a prompt");
                        break;
                    case { ValueKind: JsonValueKind.Object } value when asked:
                        var inner = new RequestReader(value);
                        var read = ReadJson(inner, modelAvailable);
                        // Both asked: the first one's extraction, answered under each key.
                        json ??= read;
                        foreach (var error in inner.Errors) reader.Fail($"{prefix}{options}.{error.Field}", error.Message);
                        break;
                    case { } when !asked:
                        reader.Fail($"{prefix}{options}", $"is only used with the {format} format: add \"{format}\" to formats");
                        break;
                    case { }:
                        reader.Fail($"{prefix}{options}", "must be an object");
                        break;
                }
            }
            if (names.Contains("changeTracking"))
            {
                if (reader.Element("changeTrackingOptions") is { ValueKind: JsonValueKind.Object } options)
                {
                    var inner = new RequestReader(options);
                    changeTracking = ReadChangeTracking(inner, modelAvailable);
                    foreach (var error in inner.Errors) reader.Fail($"{prefix}changeTrackingOptions.{error.Field}", error.Message);
                }
                else
                {
                    changeTracking = new ChangeTrackingRequest([], null, null, null);
                }
            }
            else if (reader.Has("changeTrackingOptions"))
            {
                reader.Fail($"{prefix}changeTrackingOptions", "is only used with the changeTracking format: add \"changeTracking\" to formats");
            }
        }
        if (names.Contains("changeTracking") && !names.Contains("markdown"))
        {
            reader.Fail($"{prefix}formats", "the changeTracking format compares the page's Markdown: add \"markdown\" to formats");
        }
        return new Selection(names.Distinct().ToList(), json, changeTracking, screenshot);
    }

    /// <summary>A plain format name: the page's text formats, <c>summary</c>; anything else is refused with its reason.</summary>
    private static void Add(RequestReader reader, string field, string name, List<string> names, bool modelAvailable)
    {
        if (Text.Contains(name)) names.Add(name);
        else if (name == "summary")
        {
            if (modelAvailable) names.Add(name);
            else reader.Fail(field, $"'summary' {NoModel}");
        }
        else if (NotProduced.Contains(name)) reader.Fail(field, $"'{name}' {NotProducedReason}");
        else reader.Fail(field, $"'{name}' is not supported here; use markdown, html, rawHtml, links, json, summary or changeTracking");
    }

    /// <summary><c>{schema?, prompt?}</c>: a schema the extractor fills, or a prompt alone for the LLM.</summary>
    private static JsonFormatRequest ReadJson(RequestReader reader, bool modelAvailable)
    {
        var schema = ReadSchema(reader);
        var prompt = reader.Text("prompt", maxLength: 10_000);
        reader.Text("systemPrompt", maxLength: 10_000);
        if (schema is null && prompt is null) reader.Fail("schema", "a schema or a prompt is required");
        else if (schema is null && !modelAvailable) reader.Fail("prompt", $"a prompt without a schema {NoModel}; give a JSON Schema, which the extractor fills without one");
        return new JsonFormatRequest(schema, prompt);
    }

    private static ChangeTrackingRequest ReadChangeTracking(RequestReader reader, bool modelAvailable)
    {
        var modes = reader.TextList("modes", maxItems: 2, maxLength: 20) ?? [];
        for (var i = 0; i < modes.Count; i++)
        {
            if (!ChangeTrackingModes.Contains(modes[i])) reader.Fail($"modes[{i}]", "must be \"git-diff\" or \"json\"");
        }
        var schema = ReadSchema(reader);
        var prompt = reader.Text("prompt", maxLength: 10_000);
        var tag = reader.Text("tag", maxLength: 200);
        if (modes.Contains("json") && schema is null)
        {
            if (prompt is null) reader.Fail("schema", "json mode compares the fields of a schema: give one");
            else if (!modelAvailable) reader.Fail("prompt", $"json mode with a prompt and no schema {NoModel}");
        }
        return new ChangeTrackingRequest(modes.Distinct().ToList(), schema, prompt, tag);
    }

    private static JsonElement? ReadSchema(RequestReader reader)
    {
        switch (reader.Element("schema"))
        {
            case null:
                return null;
            case { ValueKind: JsonValueKind.Object } schema:
                foreach (var problem in ExtractCreateApi.SchemaProblems(schema, "schema")) reader.Fail(problem.Field, problem.Message);
                return schema.Clone();
            default:
                reader.Fail("schema", "must be a JSON Schema object");
                return null;
        }
    }
}
