using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ExtractApi.Jobs.Engine;
using ExtractApi.Tests.Infrastructure;
using ExtractApi.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ExtractApi.Tests.Hosting;

/// <summary>Traces: a job's run is linked to the request that created it, and its fetches are inside the run.</summary>
public sealed class TracingTests(SiteApiFactory api) : IClassFixture<SiteApiFactory>
{
    [Fact]
    public async Task A_job_run_links_to_the_creating_request_and_holds_its_page_fetches()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EngineTracing.SourceName or WorkTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var clientTrace = ActivityTraceId.CreateRandom();
        using var http = api.ClientFor("tracer");
        using var create = new HttpRequestMessage(HttpMethod.Post, "/v1/batch/scrape")
        {
            Content = JsonContent.Create(new { urls = new[] { api.Site.Url("/pages/1").ToString(), api.Site.Url("/pages/2").ToString() } }),
        };
        create.Headers.Add("traceparent", $"00-{clientTrace}-{ActivitySpanId.CreateRandom()}-01");
        var created = await http.SendAsync(create);
        created.EnsureSuccessStatusCode();
        var jobId = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        Activity? run = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((run = stopped.FirstOrDefault(a => a.Source.Name == EngineTracing.SourceName && Equals(a.GetTagItem("job.id"), jobId))) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The job's run did not end within a minute.");
            await Task.Delay(100);
        }

        Assert.Equal("job run", run.DisplayName);
        Assert.NotEqual(clientTrace, run.TraceId); // a trace of its own...
        Assert.Contains(run.Links, link => link.Context.TraceId == clientTrace); // ...linked to the request's
        var fetches = stopped.Where(a => a.Source.Name == WorkTracing.SourceName && Equals(a.GetTagItem("job.id"), jobId)).ToList();
        Assert.Equal(2, fetches.Count);
        Assert.All(fetches, f =>
        {
            Assert.Equal("fetch page", f.DisplayName);
            Assert.Equal(run.TraceId, f.TraceId);
            Assert.Equal(run.SpanId, f.ParentSpanId);
            Assert.Equal(200, f.GetTagItem("http.response.status_code"));
        });
    }

    [Fact]
    public async Task With_an_otlp_endpoint_configured_the_server_exports_its_spans()
    {
        var received = new ConcurrentQueue<byte[]>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using var collector = builder.Build();
        collector.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            received.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await collector.StartAsync();
        var collectorUrl = collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var database = await TestPostgres.CreateDatabaseAsync("otlp");
        await using var server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["Scraping__AllowedPrivateEndpoints__0"] = $"127.0.0.1:{api.Site.Port}",
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-otlp-{Guid.NewGuid():N}"),
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collectorUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_SERVICE_NAME"] = "extractapi-test",
        });
        var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = new Uri(swagger[..^"/swagger".Length]) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.MintToken("otlp-user", "org-1"));
        (await http.PostAsJsonAsync("/v1/batch/scrape", new { urls = new[] { api.Site.Url("/pages/3").ToString() } })).EnsureSuccessStatusCode();

        // OTLP/protobuf carries span names and attribute values as UTF-8 strings.
        string[] expected = ["job run", "fetch page", "POST /v1/batch/scrape", "extractapi-test"];
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string Exported() => string.Join("\n", received.Select(Encoding.UTF8.GetString));
        while (!expected.All(name => Exported().Contains(name, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Missing spans after a minute; exported so far:\n{Exported()}");
            await Task.Delay(200);
        }
        await collector.StopAsync();
    }
}
