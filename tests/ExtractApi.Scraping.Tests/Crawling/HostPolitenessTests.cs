using System.Diagnostics;
using ExtractApi.Scraping.Crawling;

namespace ExtractApi.Scraping.Tests.Crawling;

public class HostPolitenessTests
{
    [Fact]
    public async Task Requests_to_one_host_are_spaced_by_the_delay_other_hosts_are_not_held()
    {
        var politeness = new HostPoliteness(perHostConcurrency: 4, delay: TimeSpan.FromMilliseconds(150));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++) (await politeness.EnterAsync("a.test", CancellationToken.None)).Dispose();
        Assert.True(clock.ElapsedMilliseconds >= 290, $"three starts took {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        (await politeness.EnterAsync("b.test", CancellationToken.None)).Dispose();
        Assert.True(clock.ElapsedMilliseconds < 100);
    }

    [Fact]
    public async Task Concurrency_per_host_is_held_and_retry_after_pauses_the_host()
    {
        var politeness = new HostPoliteness(perHostConcurrency: 1, delay: TimeSpan.Zero);
        var first = await politeness.EnterAsync("a.test", CancellationToken.None);
        var second = politeness.EnterAsync("a.test", CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second).Dispose();

        politeness.Backoff("a.test", TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        (await politeness.EnterAsync("a.test", CancellationToken.None)).Dispose();
        Assert.True(clock.ElapsedMilliseconds >= 250, $"waited {clock.ElapsedMilliseconds} ms");
    }
}
