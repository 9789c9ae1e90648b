using System.Net.Http.Headers;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ExtractApi.Tests.Infrastructure;

/// <summary>The real server in-process, on a database of its own, with real tokens.</summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-that-is-long-enough-for-hs256-and-even-hs512-0123456789";

    public string ConnectionString { get; protected set; } = "";
    public string LocalDataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"extractapi-test-data-{Guid.NewGuid():N}");

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync();
        _ = Server; // start the host: applies migrations
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Jobs", ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("LocalData:Directory", LocalDataDirectory);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // The dialect tests seed jobs in every status; a worker would move them on.
        builder.UseSetting("Server:Role", "api");
    }

    /// <summary>A token the test signing key signs, for servers run as child processes with <see cref="SigningKey"/>.</summary>
    public static string MintToken(string subject, string organisation, bool admin = false) =>
        new TokenIssuer(new AuthSettings(), new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(SigningKey)))
            .Issue(subject, organisation, TimeSpan.FromHours(1), admin);

    public string TokenFor(string subject, string organisation, TimeSpan? lifetime = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(subject, organisation, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>A client with a bearer token for the subject, as an SDK would send it.</summary>
    public HttpClient ClientFor(string subject, string organisation = "org-1", string? userAgent = null)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(subject, organisation));
        if (userAgent is not null) client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    public async Task WithDbAsync(Func<JobsDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        await action(db);
    }
}
