using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ExtractApi.Jobs.Database;

/// <summary>
/// A PostgreSQL cluster run from the machine's own PostgreSQL binaries, with its data in a local folder.
/// Used when no connection string is configured (development, a single box) and by the test suite.
/// The cluster is created on first start and reused on the next; it listens on 127.0.0.1 only and
/// requires a password that is generated once and kept beside the data.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private readonly string? _runAsUser;
    private readonly ILogger _logger;
    private bool _stopped;

    private readonly string _serverOptions;

    private LocalPostgres(string binDirectory, string root, string? runAsUser, int port, string password, string serverOptions, ILogger logger)
    {
        _serverOptions = serverOptions;
        _binDirectory = binDirectory;
        Root = root;
        _dataDirectory = Path.Combine(root, "pgdata");
        _runAsUser = runAsUser;
        Port = port;
        Password = password;
        _logger = logger;
    }

    public string Root { get; }
    public int Port { get; }
    public string Password { get; }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>Where the PostgreSQL server binaries are, or null when the machine has none.</summary>
    public static string? FindBinDirectory()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } explicitBin)
        {
            // An explicit folder is the only place looked at.
            return HasServerBinaries(explicitBin) ? explicitBin : null;
        }
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length > 0) candidates.Add(dir);
        }
        return candidates.FirstOrDefault(HasServerBinaries);
    }

    private static bool HasServerBinaries(string dir) =>
        File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"));

    /// <summary>
    /// Creates (first time) and starts the cluster under <paramref name="root"/>. With <paramref name="durable"/> false
    /// fsync is off: for throwaway test clusters only.
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(string root, bool durable, ILogger logger, CancellationToken cancellationToken = default)
    {
        var bin = FindBinDirectory() ?? throw new LocalPostgresUnavailableException(
            "No PostgreSQL server binaries (initdb, pg_ctl, postgres) were found on this machine, and no connection string is configured. " +
            "Either install PostgreSQL (for example `apt-get install postgresql`, or set PG_BIN to the folder holding its binaries) so ExtractApi can run " +
            "an embedded local cluster, or point ExtractApi at an existing server with ConnectionStrings__Jobs " +
            "(for example ConnectionStrings__Jobs=\"Host=localhost;Database=extractapi;Username=...;Password=...\").");

        if (OperatingSystem.IsWindows())
        {
            throw new LocalPostgresUnavailableException("The embedded PostgreSQL runs on Linux and macOS only; set ConnectionStrings__Jobs to an existing server.");
        }
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        // PostgreSQL refuses to run as root: when we are root, the cluster belongs to an ordinary account.
        var runAs = Environment.UserName == "root" || geteuid() == 0 ? PickServiceAccount() : null;
        var passwordFile = Path.Combine(root, "password");
        if (!File.Exists(passwordFile))
        {
            await File.WriteAllTextAsync(passwordFile, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)), cancellationToken);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var password = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
        var dataDirectory = Path.Combine(root, "pgdata");

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            logger.LogInformation("Creating a local PostgreSQL cluster in {DataDirectory}", dataDirectory);
            if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, true);
            var initPasswordFile = Path.Combine(root, "initdb-password");
            await File.WriteAllTextAsync(initPasswordFile, password, cancellationToken);
            try
            {
                Chown(root, runAs);
                await RunAsync(bin, runAs, "initdb", ["-D", dataDirectory, "-U", Superuser, "--pwfile", initPasswordFile,
                    "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"], cancellationToken);
            }
            finally
            {
                File.Delete(initPasswordFile);
            }
        }
        Chown(root, runAs);

        var options = $"-c listen_addresses=127.0.0.1 -k {root} -c max_connections=300";
        if (!durable) options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var port = RunningPort(dataDirectory);
        if (port is null)
        {
            for (var attempt = 1; ; attempt++)
            {
                var candidate = FreePort();
                try
                {
                    await StartServerAsync(bin, runAs, root, candidate, options, cancellationToken);
                    port = candidate;
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                    // Most likely another process took the port between our probe and the start.
                }
            }
            logger.LogInformation("Started local PostgreSQL on 127.0.0.1:{Port} (data in {DataDirectory})", port, dataDirectory);
        }
        else
        {
            logger.LogInformation("Reusing the local PostgreSQL already running on 127.0.0.1:{Port}", port);
        }

        return new LocalPostgres(bin, root, runAs, port.Value, password, options, logger);
    }

    /// <summary>Creates the database when it does not exist yet and returns its connection string.</summary>
    public async Task<string> EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        return ConnectionString(database);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, data is safe).</summary>
    public async Task StopAsync(string mode = "fast")
    {
        if (_stopped) return;
        _stopped = true;
        try
        {
            await RunAsync(_binDirectory, _runAsUser, "pg_ctl", ["stop", "-w", "-D", _dataDirectory, "-m", mode], CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            _logger.LogWarning(e, "Stopping the local PostgreSQL failed");
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and with the same settings
    /// (used by restart tests and the fault run).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        await StartServerAsync(_binDirectory, _runAsUser, Root, Port, _serverOptions, cancellationToken);
        _stopped = false;
    }

    /// <summary>
    /// Whether the postmaster is alive: the process named in <c>postmaster.pid</c> exists and is not a zombie. False
    /// after <see cref="StopAsync"/>, and when the server died (killed, crashed, out of memory).
    /// </summary>
    public bool IsRunning => PostmasterPid(_dataDirectory) is { } pid && IsAlive(pid);

    /// <summary>Whether this cluster was stopped on purpose (<see cref="StopAsync"/>): a supervisor leaves it stopped.</summary>
    public bool IsStopped => _stopped;

    /// <summary>
    /// Starts the server again after it died, on the same port (so every connection string stays valid) and with the
    /// same settings; PostgreSQL replays its write-ahead log, so committed data is kept. A pid file left by a dead
    /// postmaster is removed first. Throws <see cref="InvalidOperationException"/> when pg_ctl fails (for example while
    /// the dead server's backends still hold its shared memory): the caller tries again later.
    /// </summary>
    public async Task StartAfterCrashAsync(CancellationToken cancellationToken = default)
    {
        if (_stopped || IsRunning) return;
        var pidFile = Path.Combine(_dataDirectory, "postmaster.pid");
        if (PostmasterPid(_dataDirectory) is { } dead && !IsAlive(dead)) File.Delete(pidFile);
        KillOrphans(_dataDirectory);
        await StartServerAsync(_binDirectory, _runAsUser, Root, Port, _serverOptions, cancellationToken);
    }

    /// <summary>
    /// Kills what is left of a dead postmaster's processes (backends, the startup process replaying the log, the
    /// checkpointer...): they outlive it and hold its shared memory, so no new postmaster starts until they notice and
    /// exit — a startup process in recovery took a minute. They are the processes named <c>postgres</c> working in
    /// this data directory (PostgreSQL's processes all do). Only called while the postmaster is dead.
    /// </summary>
    private static void KillOrphans(string dataDirectory)
    {
        if (!Directory.Exists("/proc")) return;
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(entry, "comm")).Trim() != "postgres") continue;
                if (new DirectoryInfo(Path.Combine(entry, "cwd")).LinkTarget is not { } cwd
                    || Path.TrimEndingDirectorySeparator(cwd) != directory)
                {
                    continue;
                }
                using var orphan = Process.GetProcessById(pid);
                orphan.Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile, or not ours to read: nothing to kill.
            }
        }
    }

    private static int? PostmasterPid(string dataDirectory)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null; // no pid file: not running (or being rewritten right now)
        }
    }

    /// <summary>Alive, and not a zombie left for a parent to reap (a zombie still answers kill -0).</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (File.Exists(stat))
        {
            try
            {
                var text = File.ReadAllText(stat);
                var state = text.LastIndexOf(')') is var end and >= 0 && end + 2 < text.Length ? text[end + 2] : '?';
                return state is not ('Z' or 'X' or 'x');
            }
            catch (IOException)
            {
                return false; // it exited while we read
            }
        }
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Task StartServerAsync(string bin, string? runAs, string root, int port, string options, CancellationToken cancellationToken) =>
        RunAsync(bin, runAs, "pg_ctl", ["start", "-w", "-t", "60", "-D", Path.Combine(root, "pgdata"),
            "-l", Path.Combine(root, "postgres.log"), "-o", $"-p {port} {options}"], cancellationToken);

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile)) return null;
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[0], out var pid) || !int.TryParse(lines[3], out var port)) return null;
        return IsAlive(pid) ? port : null; // a stale pid file: pg_ctl start cleans it up
    }

    private static string PickServiceAccount()
    {
        var passwd = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd") : [];
        foreach (var name in new[] { "postgres", "nobody" })
        {
            if (passwd.Any(line => line.StartsWith(name + ":", StringComparison.Ordinal))) return name;
        }
        throw new LocalPostgresUnavailableException("Running as root, and there is no 'postgres' or 'nobody' account to run the local PostgreSQL under.");
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Chown(string path, string? user)
    {
        if (user is null) return;
        using var process = Process.Start(new ProcessStartInfo("chown", ["-R", user, path]) { RedirectStandardError = true })!;
        process.WaitForExit();
        // The folders above must be passable for the service account (a home folder may be 0700).
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir != "/"; dir = Path.GetDirectoryName(dir))
        {
            var mode = File.GetUnixFileMode(dir);
            if ((mode & UnixFileMode.OtherExecute) == 0) File.SetUnixFileMode(dir, mode | UnixFileMode.OtherExecute);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string bin, string? runAs, string tool, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = runAs is null
            ? new ProcessStartInfo(Path.Combine(bin, tool))
            : new ProcessStartInfo("runuser", ["-u", runAs, "--", Path.Combine(bin, tool)]);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            // pg_ctl sends the server's output to the log file, so both pipes close with the tool.
            var output = await stdout + await stderr;
            throw new InvalidOperationException($"{tool} failed with exit code {process.ExitCode}: {output.Trim()}");
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern uint geteuid();
}
