using System.Text.Json;
using System.Text.Json.Serialization;
using ExtractApi.Api;

namespace ExtractApi.Dialects.Firecrawl;

/// <summary>Firecrawl's error body: v1 <c>{success:false, error}</c>, v2 <c>{success:false, code, error, details?}</c>.</summary>
public sealed record FirecrawlError(
    bool Success,
    string Error,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Code = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldError>? Details = null);

/// <summary><c>GET /v1/batch/scrape/{id}</c>. <c>next</c> is omitted on the last page: the SDK loops while the key exists.</summary>
public sealed record FirecrawlBatchStatus(
    bool Success,
    string Status,
    int Total,
    int Completed,
    int CreditsUsed,
    DateTime? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
    IReadOnlyList<FirecrawlDocument> Data);

/// <summary>
/// A scraped page. Formats that were not requested are left out, not null. <see cref="Extras"/> are the document keys
/// of the other formats (<c>json</c>, v1 <c>extract</c>, <c>summary</c>, <c>changeTracking</c>), written beside the others.
/// </summary>
public sealed record FirecrawlDocument(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(SegmentedStringConverter))] string? Markdown,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(SegmentedStringConverter))] string? Html,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), JsonConverter(typeof(SegmentedStringConverter))] string? RawHtml,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Links,
    RawJson Metadata)
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extras { get; init; }

    /// <summary>A link to the page's screenshot (fetched with the caller's token), when one was asked for.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Screenshot { get; init; }

    /// <summary>Results of the page's actions: <c>{screenshots:[link], scrapes:[{url, html}], javascriptReturns:[{type, value}]}</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public System.Text.Json.Nodes.JsonObject? Actions { get; init; }
}

/// <summary><c>GET /v1/batch/scrape/{id}/errors</c>.</summary>
public sealed record FirecrawlBatchErrors(IReadOnlyList<FirecrawlPageError> Errors, IReadOnlyList<string> RobotsBlocked);

public sealed record FirecrawlPageError(string Id, DateTime Timestamp, string Url, string Error);

/// <summary><c>GET /v1/extract/{id}</c> for a Firecrawl extract job.</summary>
public sealed record FirecrawlExtractStatus(
    bool Success,
    string Status,
    JsonElement? Data,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error,
    DateTime? ExpiresAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Sources);

/// <summary><c>DELETE /v1/batch/scrape/{id}</c>.</summary>
public sealed record FirecrawlCancelled(bool Success, string Status);

/// <summary>The documented body of <c>POST /v1/batch/scrape</c> (for Swagger; the handler reads the JSON itself to name bad fields).</summary>
public sealed record FirecrawlBatchScrapeRequest(
    IReadOnlyList<string> Urls,
    IReadOnlyList<string>? Formats,
    bool? OnlyMainContent,
    IReadOnlyList<string>? IncludeTags,
    IReadOnlyList<string>? ExcludeTags,
    IReadOnlyDictionary<string, string>? Headers,
    int? Timeout,
    bool? IgnoreInvalidURLs,
    JsonElement? Webhook);

/// <summary>Answer to a create call: exactly 200 <c>{success, id, url}</c> (the SDK throws on 201/202).</summary>
public sealed record FirecrawlCreated(
    bool Success,
    string Id,
    string Url,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<string>? InvalidURLs);

/// <summary>The documented body of a Firecrawl <c>POST /v1/extract</c>.</summary>
public sealed record FirecrawlExtractRequest(
    IReadOnlyList<string> Urls,
    System.Text.Json.JsonElement? Schema,
    string? Prompt,
    bool? ShowSources,
    System.Text.Json.JsonElement? ScrapeOptions);

/// <summary><c>POST /v1|v2/scrape</c> and <c>GET /v2/scrape/{id}</c>: the page's document.</summary>
public sealed record FirecrawlScrapeAnswer(bool Success, FirecrawlDocument Data);

/// <summary><c>GET /v2/scrape/{id}</c> before the scrape has finished.</summary>
public sealed record FirecrawlScrapePending(bool Success, string Status);

/// <summary><c>GET /v1|v2/crawl/active</c> (alias <c>ongoing</c>).</summary>
public sealed record FirecrawlActiveCrawls(bool Success, IReadOnlyList<FirecrawlActiveCrawl> Crawls);

public sealed record FirecrawlActiveCrawl(string Id, string TeamId, string Url, IReadOnlyDictionary<string, object?> Options);

/// <summary><c>POST /v1/map</c>: the URLs as strings.</summary>
public sealed record FirecrawlMapV1(bool Success, IReadOnlyList<string> Links);

/// <summary><c>POST /v2/map</c>: the URLs as objects, with the title and description of pages the mapper fetched.</summary>
public sealed record FirecrawlMapV2(bool Success, IReadOnlyList<FirecrawlMapLink> Links);

public sealed record FirecrawlMapLink(
    string Url,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);

/// <summary><c>GET /v1|v2/team/credit-usage</c> and <c>/team/token-usage</c>: <c>{success, data}</c>, data in the version's shape.</summary>
public sealed record FirecrawlUsageAnswer<TUsage>(bool Success, TUsage Data);

/// <summary>v2 credit usage; <c>creditsUsed</c> is ExtractApi's count (an extension).</summary>
public sealed record FirecrawlCreditUsageV2(long RemainingCredits, long PlanCredits, DateTime BillingPeriodStart, DateTime BillingPeriodEnd, long CreditsUsed);

/// <summary>v1 credit usage (snake_case, as the v1 SDK reads it).</summary>
public sealed record FirecrawlCreditUsageV1(
    [property: JsonPropertyName("remaining_credits")] long RemainingCredits,
    [property: JsonPropertyName("plan_credits")] long PlanCredits,
    [property: JsonPropertyName("billing_period_start")] DateTime BillingPeriodStart,
    [property: JsonPropertyName("billing_period_end")] DateTime BillingPeriodEnd,
    [property: JsonPropertyName("credits_used")] long CreditsUsed);

public sealed record FirecrawlTokenUsageV2(long RemainingTokens, long PlanTokens, DateTime BillingPeriodStart, DateTime BillingPeriodEnd);

public sealed record FirecrawlTokenUsageV1(
    [property: JsonPropertyName("remaining_tokens")] long RemainingTokens,
    [property: JsonPropertyName("plan_tokens")] long PlanTokens,
    [property: JsonPropertyName("billing_period_start")] DateTime BillingPeriodStart,
    [property: JsonPropertyName("billing_period_end")] DateTime BillingPeriodEnd);

/// <summary><c>GET /v1|v2/team/queue-status</c>.</summary>
public sealed record FirecrawlQueueStatus(bool Success, int JobsInQueue, int ActiveJobsInQueue, int WaitingJobsInQueue, int MaxConcurrency,
    DateTime? MostRecentSuccess);

/// <summary><c>GET /v1|v2/concurrency-check</c>.</summary>
public sealed record FirecrawlConcurrency(bool Success, int Concurrency, int MaxConcurrency);
