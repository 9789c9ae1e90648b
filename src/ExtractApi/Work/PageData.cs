using System.Text.Json;
using System.Text.Json.Nodes;
using ExtractApi.Extraction;
using ExtractApi.Scraping;

namespace ExtractApi.Work;

/// <summary>
/// What a web extraction without a schema yields (JustCrawl's <c>POST /api/v1/jobs {url}</c>): the page's own
/// description of itself, as the normalized row. Title, description, language, canonical URL, site name, image, type
/// and keywords from the head (Open Graph first where the page gives both), the page's headings, and its JSON-LD items
/// as published. Nothing is guessed from the text: a schema-less extraction reports what the page declares.
/// Quality: completeness is the share of title, description, language and canonical URL found; validation is 1 (every
/// value is the page's own).
/// </summary>
public static class PageData
{
    private static readonly string[] CoreFields = ["title", "description", "language", "canonicalUrl"];

    public static (JsonObject Data, QualityScores Quality) FromHtml(string html, Uri url)
    {
        var page = PageConverter.Convert(html, url, ConversionOptions.Default);
        var metadata = page.Metadata;
        var data = new JsonObject
        {
            ["url"] = url.AbsoluteUri,
            ["title"] = metadata.OgTitle ?? metadata.Title,
            ["description"] = metadata.OgDescription ?? metadata.Description,
            ["language"] = metadata.Language,
            ["canonicalUrl"] = metadata.CanonicalUrl ?? metadata.OgUrl,
            ["siteName"] = metadata.OgSiteName,
            ["image"] = metadata.OgImage,
            ["type"] = metadata.OgType,
            ["keywords"] = metadata.Keywords,
        };
        foreach (var key in data.Where(p => p.Value is null).Select(p => p.Key).ToList()) data.Remove(key);

        var document = HtmlDocumentParser.Parse(html);
        var headings = document.QuerySelectorAll("h1, h2").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0).Take(50).ToList();
        if (headings.Count > 0) data["headings"] = new JsonArray(headings.Select(h => (JsonNode)JsonValue.Create(h)!).ToArray());
        var structured = new JsonArray();
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                switch (JsonNode.Parse(script.TextContent))
                {
                    case JsonArray items:
                        foreach (var item in items.Where(i => i is JsonObject)) structured.Add(item!.DeepClone());
                        break;
                    case JsonObject item:
                        structured.Add(item.DeepClone());
                        break;
                }
            }
            catch (JsonException)
            {
                // A broken JSON-LD block says nothing; the page's other blocks still count.
            }
        }
        if (structured.Count > 0) data["structuredData"] = structured;

        var found = CoreFields.Count(data.ContainsKey);
        return (data, QualityScores.From(CoreFields.Length, found, found, found));
    }
}
