using System.Net;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Security;

/// <summary>
/// Scraping:ConversionMemoryBudgetBytes (issue 18, memory): a page whose conversion is estimated to take more than the
/// whole budget fails on its own with an error saying so, in the dialect's shape, while the job's other pages (a large
/// one admitted within the budget among them) are converted as usual.
/// </summary>
public sealed class ConversionMemoryBudgetTests(ConversionMemoryBudgetTests.SmallBudgetApi api) : IClassFixture<ConversionMemoryBudgetTests.SmallBudgetApi>
{
    /// <summary>40,000 links (0.9 MB): 80,008 tags, about 42 MB to convert by the estimate, over this server's 16 MB.</summary>
    private const string HeavyPage = "/hostile/links/40000";

    public sealed class SmallBudgetApi : SiteApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scraping:ConversionMemoryBudgetBytes", (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }


    [Fact]
    public async Task A_page_over_the_budget_fails_alone_and_the_batch_goes_on()
    {
        var client = api.ClientFor("budget");
        // /big/1 is 3 MB of text in few tags (about 12 MB by the estimate): large, admitted by the gate, converted.
        string[] urls = [api.Site.Url("/pages/1").ToString(), api.Site.Url(HeavyPage).ToString(), api.Site.Url("/big/1").ToString()];
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", Json.Body(new { urls, formats = new[] { "markdown", "links" } })), HttpStatusCode.OK);
        var id = created.Str("id")!;
        var status = await Json.WaitForAsync(client, $"/v1/batch/scrape/{id}", s => s.Str("status") == "completed", TimeSpan.FromMinutes(2));

        var documents = status.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([urls[0], urls[2]], documents.Select(d => d.GetProperty("metadata").Str("sourceURL")));
        Assert.Contains("# Page 1", documents[0].Str("markdown"));
        Assert.Contains("# Big 1", documents[1].Str("markdown"));
        var errors = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}/errors"), HttpStatusCode.OK);
        var failed = Assert.Single(errors.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(urls[1], failed.Str("url"));
        Assert.Contains("too large to convert: its 80,008 tags would take about 42 MB, more than Scraping:ConversionMemoryBudgetBytes (16 MB)", failed.Str("error"));
    }

    [Fact]
    public async Task A_single_scrape_of_the_page_answers_the_dialects_error()
    {
        var answer = await api.ClientFor("budget").PostAsync("/v1/scrape", Json.Body(new { url = api.Site.Url(HeavyPage).ToString(), formats = new[] { "markdown" } }));
        var error = await Json.ReadAsync(answer, HttpStatusCode.UnprocessableEntity);
        Json.IsFirecrawlError(error);
        Assert.Contains("Scraping:ConversionMemoryBudgetBytes", error.Str("error"));
    }
}
