using System.Collections.Concurrent;
using ExtractApi.Jobs.Engine;
using ExtractApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Tests.Engine;

/// <summary>Several worker processes (here: hosts) on one database.</summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_worker_hosts_process_2000_jobs_none_lost_none_twice()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("replicas");
        var runs = new ConcurrentDictionary<Guid, int>();
        void Counting(IServiceCollection services) => services.AddJobHandler(new CountingHandler(new DigestHandler(), runs));
        await using var a = new EngineHost(connectionString, "worker", new Dictionary<string, string?> { ["Engine:WorkerName"] = "worker-a" }, Counting);
        await a.InitializeAsync();
        await using var b = new EngineHost(connectionString, "worker", new Dictionary<string, string?> { ["Engine:WorkerName"] = "worker-b" }, Counting);
        await b.InitializeAsync();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async part =>
        {
            for (var i = 0; i < 500; i++) await a.SubmitDigestAsync(note: $"{part}-{i}");
        }));
        await Db.AllFinishedAsync(connectionString, TimeSpan.FromSeconds(90));

        Assert.Equal(2000L, await Db.ScalarAsync<long>(connectionString, "SELECT count(*) FROM jobs WHERE status = 'completed' AND attempts = 1"));
        Assert.Equal(2000L, await Db.ScalarAsync<long>(connectionString, "SELECT count(DISTINCT job_id) FROM extraction_results"));
        Assert.Equal(2000L, await Db.ScalarAsync<long>(connectionString, "SELECT count(*) FROM extraction_results"));
        Assert.Equal(2000, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
        Assert.Equal(2L, await Db.ScalarAsync<long>(connectionString, "SELECT count(DISTINCT lease_owner) FROM jobs"));
    }
}
