using System.Diagnostics;
using System.Net;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.Security;

/// <summary>
/// Scraping:PageProcessingTimeout (issue 18 item 4): a page whose conversion or extraction runs past it fails on its
/// own with an error saying so, in the dialect's shape, while the job's other pages are converted as usual.
/// </summary>
public sealed class PageProcessingTimeoutTests(PageProcessingTimeoutTests.BoundedApi api) : IClassFixture<PageProcessingTimeoutTests.BoundedApi>
{
    /// <summary>400,000 links (8 MB): several seconds to convert, far past the bound of this server.</summary>
    private const string HostilePage = "/hostile/links/400000";

    public sealed class BoundedApi : SiteApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Scraping:PageProcessingTimeout", "00:00:01");
        }
    }



    [Fact]
    public async Task A_page_past_the_bound_fails_alone_and_the_batch_goes_on()
    {
        var client = api.ClientFor("bounded");
        string[] urls = [api.Site.Url("/pages/1").ToString(), api.Site.Url(HostilePage).ToString(), api.Site.Url("/pages/2").ToString()];
        var clock = Stopwatch.StartNew();
        var created = await Json.ReadAsync(await client.PostAsync("/v1/batch/scrape", Json.Body(new { urls, formats = new[] { "markdown", "html", "links" } })), HttpStatusCode.OK);
        var id = created.Str("id")!;
        var status = await Json.WaitForAsync(client, $"/v1/batch/scrape/{id}", s => s.Str("status") == "completed", TimeSpan.FromMinutes(2));

        var documents = status.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([urls[0], urls[2]], documents.Select(d => d.GetProperty("metadata").Str("sourceURL")));
        Assert.Contains("# Page 1", documents[0].Str("markdown"));
        Assert.Contains("# Page 2", documents[1].Str("markdown"));
        var errors = await Json.ReadAsync(await client.GetAsync($"/v1/batch/scrape/{id}/errors"), HttpStatusCode.OK);
        var failed = Assert.Single(errors.GetProperty("errors").EnumerateArray().ToList());
        Assert.Equal(urls[1], failed.Str("url"));
        Assert.Contains("took longer than its limit of 1 s (Scraping:PageProcessingTimeout)", failed.Str("error"));
        // Unbounded, the hostile page alone converted for longer than this whole batch may take.
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"{clock.Elapsed}");
    }

    [Fact]
    public async Task A_single_scrape_of_the_page_answers_the_dialects_error()
    {
        var answer = await api.ClientFor("bounded").PostAsync("/v1/scrape", Json.Body(new { url = api.Site.Url(HostilePage).ToString(), formats = new[] { "markdown" } }));
        var error = await Json.ReadAsync(answer, HttpStatusCode.UnprocessableEntity);
        Json.IsFirecrawlError(error);
        Assert.Contains("took longer than its limit of 1 s (Scraping:PageProcessingTimeout)", error.Str("error"));
    }

    [Fact]
    public async Task An_extraction_past_the_bound_fails_with_the_reason()
    {
        var client = api.ClientFor("bounded");
        var created = await Json.ReadAsync(await client.PostAsync("/api/v1/jobs", Json.Body(new { url = api.Site.Url(HostilePage).ToString() })), HttpStatusCode.Created);
        var job = await Json.WaitForAsync(client, $"/api/v1/jobs/{created.Str("id")}", s => s.Str("status") is "failed" or "completed", TimeSpan.FromMinutes(2));
        Assert.Equal("failed", job.Str("status"));
        Assert.Contains("took longer than its limit of 1 s (Scraping:PageProcessingTimeout)", job.Str("error"));
    }
}
