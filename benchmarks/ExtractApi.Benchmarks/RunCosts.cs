using System.Globalization;
using Npgsql;

/// <summary>
/// What a throughput run cost, per job: commits and WAL (PostgreSQL's own statistics for the whole cluster), WAL
/// flushes, and CPU time of the PostgreSQL processes and of the queue's own process. One cluster serves one run at a
/// time, so the cluster-wide counters are the run's (plus the benchmark's drain poll, a few statements a second).
/// </summary>
internal sealed record RunCosts(double Commits, double WalRecords, double WalBytes, double WalSyncs, double PostgresCpuMs, double ClientCpuMs)
{
    public static async Task<Snapshot> TakeAsync(string connectionString, string dataDirectory, TimeSpan clientCpu)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Backends flush their statistics at most once a second while busy; a fresh snapshot reads what they flushed.
        await using var command = new NpgsqlCommand("""
            SELECT pg_stat_clear_snapshot();
            SELECT (SELECT sum(xact_commit)::float8 FROM pg_stat_database), wal_records::float8, wal_bytes::float8, wal_sync::float8
            FROM pg_stat_wal
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        await reader.ReadAsync();
        return new Snapshot(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), PostgresCpu(dataDirectory), clientCpu);
    }

    public static RunCosts PerJob(Snapshot before, Snapshot after, int jobs) => new(
        (after.Commits - before.Commits) / jobs, (after.WalRecords - before.WalRecords) / jobs, (after.WalBytes - before.WalBytes) / jobs,
        (after.WalSyncs - before.WalSyncs) / jobs, (after.PostgresCpu - before.PostgresCpu).TotalMilliseconds / jobs,
        (after.ClientCpu - before.ClientCpu).TotalMilliseconds / jobs);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"per job: {Commits:0.00} commits, {WalSyncs:0.000} WAL flushes, {WalRecords:0.0} WAL records, {WalBytes:N0} WAL bytes, " +
        $"CPU {PostgresCpuMs:0.000} ms PostgreSQL + {ClientCpuMs:0.000} ms queue process");

    /// <summary>
    /// CPU time of the postmaster and every process it started, live or ended (an ended child's time is in the
    /// postmaster's cutime/cstime once reaped), from /proc; zero where there is no /proc.
    /// </summary>
    private static TimeSpan PostgresCpu(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile) || !Directory.Exists("/proc")) return TimeSpan.Zero;
        var postmaster = int.Parse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue; // ended meanwhile
            }
            // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15) cutime(16) cstime(17).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid != postmaster && parent != postmaster) continue;
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            if (pid == postmaster) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        }
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    internal sealed record Snapshot(double Commits, double WalRecords, double WalBytes, double WalSyncs, TimeSpan PostgresCpu, TimeSpan ClientCpu);
}
