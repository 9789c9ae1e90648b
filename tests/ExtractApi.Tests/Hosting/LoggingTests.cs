using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ExtractApi.Hosting;
using ExtractApi.Tests.Infrastructure;
using Serilog.Events;
using Serilog.Parsing;

namespace ExtractApi.Tests.Hosting;

/// <summary>The server's log lines: plain text for a person, one JSON object per line for a machine.</summary>
public sealed class LoggingTests
{
    [Fact]
    public void A_console_line_is_time_level_message_and_the_job_id_when_the_message_does_not_show_it()
    {
        var jobId = Guid.NewGuid();
        static LogEvent Event(string template, params LogEventProperty[] properties) => new(
            new DateTimeOffset(2026, 11, 30, 14, 3, 7, 412, TimeSpan.Zero), LogEventLevel.Warning, null,
            new MessageTemplateParser().Parse(template), properties);
        var job = new LogEventProperty("JobId", new ScalarValue(jobId));
        var other = new LogEventProperty("EventId", new StructureValue([new LogEventProperty("Id", new ScalarValue(14))]));

        Assert.Equal($"14:03:07.412 WRN Fetching page 3 failed: timeout (job {jobId})\n",
            Render(Event("Fetching page {Ordinal} failed: {Error}", job, other, new("Ordinal", new ScalarValue(3)), new("Error", new ScalarValue("timeout")))));
        Assert.Equal($"14:03:07.412 WRN Job {jobId} finished\n", Render(Event("Job {JobId} finished", job)));
        Assert.Equal("14:03:07.412 WRN Now listening on: http://127.0.0.1:5080\n",
            Render(Event("Now listening on: {address}", other, new("address", new ScalarValue("http://127.0.0.1:5080")))));
    }

    private static string Render(LogEvent logEvent)
    {
        using var writer = new StringWriter { NewLine = "\n" };
        new ConsoleLineFormatter().Format(logEvent, writer);
        return writer.ToString();
    }

    [Fact]
    public void The_console_sink_writes_whole_lines_in_order_a_few_times_a_second_and_errors_and_what_is_left_at_once()
    {
        static LogEvent Event(LogEventLevel level, string text) =>
            new(DateTimeOffset.UtcNow, level, null, new MessageTemplateParser().Parse(text), []);
        using var output = new StringWriter { NewLine = "\n" };
        var synchronised = TextWriter.Synchronized(output);
        string Written()
        {
            lock (synchronised) return output.ToString().ReplaceLineEndings("\n"); // the synchronised writer locks itself
        }
        var lines = new Serilog.Formatting.Display.MessageTemplateTextFormatter("{Message}{NewLine}");
        // A timer that never fires while the test looks: only errors and disposal write.
        var sink = new BufferedConsoleSink(lines, synchronised, TimeSpan.FromHours(1));

        sink.Emit(Event(LogEventLevel.Information, "first"));
        sink.Emit(Event(LogEventLevel.Information, "second"));
        Assert.Equal("", Written()); // buffered: no write per event

        sink.Emit(Event(LogEventLevel.Error, "broken"));
        Assert.Equal("first\nsecond\nbroken\n", Written()); // an error goes out at once, after what came before

        sink.Emit(Event(LogEventLevel.Information, "last"));
        sink.Dispose();
        Assert.Equal("first\nsecond\nbroken\nlast\n", Written()); // disposing writes the rest
        sink.Emit(Event(LogEventLevel.Error, "after"));
        Assert.DoesNotContain("after", Written(), StringComparison.Ordinal);

        // With the timer running, a buffered line goes out by itself.
        using var timed = new BufferedConsoleSink(lines, synchronised, TimeSpan.FromMilliseconds(50));
        timed.Emit(Event(LogEventLevel.Information, "later"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Written().EndsWith("later\n", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "The buffered line was never written.");
            Thread.Sleep(20);
        }
    }

    [Fact]
    public async Task In_production_every_line_is_one_json_object_and_lines_about_a_job_carry_its_id_and_trace_id()
    {
        await using var site = await TestSite.StartAsync();
        var database = await TestPostgres.CreateDatabaseAsync("logging");
        await using var server = ServerProcess.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings__Jobs"] = database,
            ["Auth__SigningKey"] = ApiFactory.SigningKey,
            ["Scraping__AllowedPrivateEndpoints__0"] = $"127.0.0.1:{site.Port}",
            ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-logging-{Guid.NewGuid():N}"),
        });
        var swagger = await server.WaitForSwaggerUrlAsync(TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = new Uri(swagger[..^"/swagger".Length]) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.MintToken("log-user", "org-1"));
        var created = await http.PostAsJsonAsync("/v1/batch/scrape", new { urls = new[] { site.Url("/pages/1").ToString(), "http://127.0.0.1:1/refused" } });
        created.EnsureSuccessStatusCode();
        var jobId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!server.Output.Contains($"Job {{JobId}} finished its work", StringComparison.Ordinal) || !server.Output.Contains(jobId!, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The job did not finish:\n{server.Output}");
            await Task.Delay(200);
        }
        await server.StopAsync();

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var events = lines.Select(line =>
        {
            try { return JsonDocument.Parse(line).RootElement.Clone(); }
            catch (JsonException) { throw new Xunit.Sdk.XunitException($"Not one JSON object: {line}"); }
        }).ToList();
        Assert.All(events, e => Assert.True(e.TryGetProperty("@t", out _) && e.TryGetProperty("@mt", out _), e.ToString()));
        Assert.DoesNotContain(events, e => e.TryGetProperty("@l", out var level) && level.GetString() is "Error" or "Fatal");

        var aboutTheJob = events.Where(e => e.TryGetProperty("JobId", out var id) && id.GetString() == jobId).ToList();
        Assert.Contains(aboutTheJob, e => e.GetProperty("@mt").GetString()!.StartsWith("Page {Ordinal} of job", StringComparison.Ordinal)); // the refused page
        Assert.Contains(aboutTheJob, e => e.GetProperty("@mt").GetString()!.Contains("finished its work", StringComparison.Ordinal));
        Assert.All(aboutTheJob, e => Assert.Matches("^[0-9a-f]{32}$", e.GetProperty("@tr").GetString()!));
        Assert.Single(aboutTheJob.Select(e => e.GetProperty("@tr").GetString()).Distinct()); // one run, one trace
    }
}
