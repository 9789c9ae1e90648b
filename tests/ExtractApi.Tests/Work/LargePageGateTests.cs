using System.Text;
using ExtractApi.Work;

namespace ExtractApi.Tests.Work;

/// <summary>
/// The large-page gate (issue 18, memory): large pages in conversion together weigh at most its capacity, no more
/// convert at once than there are cores, a page heavier than the capacity never gets in, and waiting pages are admitted
/// in order; a page's weight is the estimate of its conversion's memory, from its tags.
/// </summary>
public sealed class LargePageGateTests
{
    private const long MB = 1024 * 1024;
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void A_page_weighs_its_cost_between_a_cores_share_and_the_whole_capacity()
    {
        var gate = new LargePageGate(8 * MB, cores: 2);
        Assert.Equal(4 * MB, gate.WeightOf(1 * MB));
        Assert.Equal(6 * MB, gate.WeightOf(6 * MB));
        Assert.True(gate.Fits(8 * MB));
        Assert.False(gate.Fits(8 * MB + 1));
        Assert.False(gate.IsLarge(MB / 2 - 1));
        Assert.True(gate.IsLarge(MB / 2));
    }

    [Fact]
    public async Task A_page_heavier_than_the_capacity_is_refused()
    {
        var gate = new LargePageGate(8 * MB, cores: 2);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => gate.EnterAsync(8 * MB + 1, CancellationToken.None));
        (await gate.EnterAsync(8 * MB, CancellationToken.None)).Dispose();
    }

    [Fact]
    public void A_pages_cost_follows_its_tags_not_its_size()
    {
        // 0.36 MB of lists nested 30,000 deep against 3 MB of prose in ten paragraphs.
        var lists = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<ul><li>item", 30_000)));
        var prose = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<p>" + new string('w', 300_000) + "</p>", 10)));
        Assert.Equal(60_000 * PageDocuments.ConversionBytesPerTag + lists.Length * PageDocuments.ConversionBytesPerByte, PageDocuments.ConversionCost(lists));
        Assert.Equal(20 * PageDocuments.ConversionBytesPerTag + prose.Length * PageDocuments.ConversionBytesPerByte, PageDocuments.ConversionCost(prose));
        Assert.True(PageDocuments.ConversionCost(lists) > 2 * PageDocuments.ConversionCost(prose));
        Assert.Equal(0, PageDocuments.ConversionCost([]));
    }

    [Fact]
    public async Task Lighter_large_pages_convert_one_per_core_and_a_heavier_one_alone()
    {
        var gate = new LargePageGate(8 * MB, cores: 2);
        var first = await gate.EnterAsync(1 * MB, CancellationToken.None);
        var second = await gate.EnterAsync(2 * MB, CancellationToken.None);
        var third = gate.EnterAsync(1 * MB, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(third.IsCompleted, "a third page converted beside two on two cores");

        first.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        var large = gate.EnterAsync(7 * MB, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(large.IsCompleted, "a 7 MB page converted beside another within an 8 MB budget");
        second.Dispose();
        var alone = await large.WaitAsync(TimeSpan.FromSeconds(10));
        var after = gate.EnterAsync(1 * MB, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(after.IsCompleted, "a page converted beside the 7 MB one");
        alone.Dispose();
        (await after.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task Waiting_pages_are_admitted_in_order_and_a_cancelled_one_makes_way()
    {
        var gate = new LargePageGate(8 * MB, cores: 2);
        var running = await gate.EnterAsync(8 * MB, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var large = gate.EnterAsync(8 * MB, cancel.Token);
        var small = gate.EnterAsync(1 * MB, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(small.IsCompleted, "a later page overtook a waiting one");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        await Task.Delay(Settle);
        Assert.False(small.IsCompleted, "admitted while the gate was full");
        running.Dispose();
        var admitted = await small.WaitAsync(TimeSpan.FromSeconds(10));
        running.Dispose(); // a second dispose gives nothing back twice
        var beside = await gate.EnterAsync(1 * MB, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var third = gate.EnterAsync(1 * MB, CancellationToken.None);
        await Task.Delay(Settle);
        Assert.False(third.IsCompleted, "a double dispose freed room twice");
        admitted.Dispose();
        beside.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
