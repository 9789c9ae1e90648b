using System.Text.Json;
using ExtractApi.Api;
using ExtractApi.Rendering;
using ExtractApi.Work;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>
/// Firecrawl's scrape options that need a browser: <c>waitFor</c>, <c>actions</c>, <c>mobile</c>, <c>blockAds</c> and
/// the screenshot format (v1 <c>screenshot</c> / <c>screenshot@fullPage</c>, v2 <c>{type:"screenshot", fullPage,
/// quality, viewport}</c>). As Firecrawl: at most 50 actions and 60 s of waiting in all.
/// </summary>
public static class FirecrawlBrowserOptions
{
    public const int MaxActions = 50;
    public const int MaxWaitMs = 60_000;

    /// <summary>Whether a format entry asks for a screenshot; if so its spec (null when the entry is malformed, with the error reported).</summary>
    public static bool IsScreenshot(string name) => name is "screenshot" or "screenshot@fullPage";

    public static ScreenshotSpec? ReadScreenshot(RequestReader reader, JsonElement item, string name, string field)
    {
        if (item.ValueKind != JsonValueKind.Object) return new ScreenshotSpec(FullPage: name == "screenshot@fullPage");
        var options = new RequestReader(item);
        var fullPage = options.Flag("fullPage", false);
        int? quality = options.Has("quality") ? options.WholeNumber("quality", 80, 1, 100) : null;
        int? width = null, height = null;
        if (options.Element("viewport") is { ValueKind: JsonValueKind.Object } viewport)
        {
            var size = new RequestReader(viewport);
            width = size.WholeNumber("width", 1280, 100, 4000);
            height = size.WholeNumber("height", 800, 100, 4000);
            foreach (var error in size.Errors) reader.Fail($"{field}.viewport.{error.Field}", error.Message);
        }
        foreach (var error in options.Errors) reader.Fail($"{field}.{error.Field}", error.Message);
        return new ScreenshotSpec(fullPage, quality, width, height);
    }

    /// <summary>The browser options of a scrape, or null when the page may be fetched plainly.</summary>
    public static PageRendering? Read(RequestReader reader, string prefix, ScreenshotSpec? screenshot)
    {
        var waitFor = reader.WholeNumber("waitFor", 0, 0, MaxWaitMs);
        var actions = ReadActions(reader, prefix);
        var waited = waitFor + actions.Sum(a => a.Type == "wait" ? a.Milliseconds ?? 0 : 0);
        if (waited > MaxWaitMs) reader.Fail($"{prefix}actions", $"waitFor and wait actions add up to {waited} ms; at most {MaxWaitMs} ms in all");
        var rendering = new PageRendering
        {
            WaitForMs = waitFor,
            Mobile = reader.Flag("mobile", false),
            BlockAds = reader.Flag("blockAds", true),
            Actions = actions,
            Screenshot = screenshot,
        };
        return rendering.NeedsBrowser ? rendering : null;
    }

    private static List<BrowserAction> ReadActions(RequestReader reader, string prefix)
    {
        var actions = new List<BrowserAction>();
        switch (reader.Element("actions"))
        {
            case null:
                return actions;
            case { ValueKind: JsonValueKind.Array } array:
                if (array.GetArrayLength() > MaxActions) reader.Fail($"{prefix}actions", $"at most {MaxActions} actions");
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    var field = $"{prefix}actions[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        reader.Fail(field, "must be an object with a type");
                        continue;
                    }
                    if (ReadAction(new RequestReader(item), field, reader) is { } action) actions.Add(action);
                }
                return actions;
            default:
                reader.Fail($"{prefix}actions", "must be an array");
                return actions;
        }
    }

    private static BrowserAction? ReadAction(RequestReader item, string field, RequestReader reader)
    {
        var type = item.Text("type", required: true, maxLength: 50);
        BrowserAction? action = type switch
        {
            "wait" when item.Has("selector") => new BrowserAction(type) { Selector = item.Text("selector", maxLength: 1000) },
            "wait" => new BrowserAction(type) { Milliseconds = item.WholeNumber("milliseconds", 0, 1, MaxWaitMs) },
            "click" => new BrowserAction(type) { Selector = item.Text("selector", required: true, maxLength: 1000), All = item.Flag("all", false) },
            "write" => new BrowserAction(type) { Text = item.Text("text", required: true, maxLength: 10_000) },
            "press" => new BrowserAction(type) { Key = item.Text("key", required: true, maxLength: 50) },
            "scroll" => new BrowserAction(type)
            {
                Direction = item.Text("direction", maxLength: 10) ?? "down",
                Selector = item.Text("selector", maxLength: 1000),
            },
            "screenshot" => new BrowserAction(type)
            {
                FullPage = item.Flag("fullPage", false),
                Quality = item.Has("quality") ? item.WholeNumber("quality", 80, 1, 100) : null,
            },
            "scrape" => new BrowserAction(type),
            "executeJavascript" => new BrowserAction(type) { Script = item.Text("script", required: true, maxLength: 100_000) },
            null => null,
            _ => Unknown(item, type),
        };
        if (action is { Type: "scroll", Direction: not ("up" or "down") }) item.Fail("direction", "must be up or down");
        if (action is { Type: "wait", Milliseconds: null, Selector: null }) item.Fail("milliseconds", "a wait needs milliseconds or a selector");
        if (action?.Selector is { } selector && !Scraping.MainContent.IsValidSelector(selector)) item.Fail("selector", $"'{selector}' is not a valid CSS selector");
        foreach (var error in item.Errors) reader.Fail($"{field}.{error.Field}", error.Message);
        return item.IsValid ? action : null;
    }

    private static BrowserAction? Unknown(RequestReader item, string type)
    {
        item.Fail("type", $"'{type}' is not an action; use {string.Join(", ", BrowserAction.Types)}");
        return null;
    }
}
