using System.Text.RegularExpressions;
using ExtractApi.Hosting;
using ExtractApi.Jobs.Engine;
using ExtractApi.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExtractApi.Tests.Hosting;

/// <summary>A misspelled or invalid setting stops the server with a message naming the key, instead of falling back to a default.</summary>
public sealed class SettingsTests
{
    /// <summary>The server's own settings registrations over its appsettings.json plus the given keys, checked as at startup.</summary>
    private static void ValidateAtStart(params (string Key, string Value)[] settings)
    {
        var appSettings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.True(File.Exists(appSettings), appSettings);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(appSettings)
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddServerSettings();
        services.AddJobEngine(runWorkers: false);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void The_shipped_appsettings_hold_only_known_valid_settings() => ValidateAtStart();

    [Theory]
    [InlineData("Engine:Concurency", "4", "Engine:Concurency is not a setting")] // misspelled key in a known section
    [InlineData("Extraction:Llm:Modle", "llama", "Extraction:Llm:Modle is not a setting")]
    [InlineData("Docmap:MaxUploadBytes", "0", "Docmap:MaxUploadBytes")] // out of range
    [InlineData("Engine:HeartbeatInterval", "00:01:00", "Engine:HeartbeatInterval")] // heartbeat slower than the lease
    [InlineData("Scraping:AllowedPrivateEndpoints:0", "intranet", "Scraping:AllowedPrivateEndpoints")] // not address:port
    public void A_bad_setting_fails_startup_validation_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ValidateAtStart((key, value)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task The_server_process_exits_with_the_bad_key_and_no_stack_trace()
    {
        var database = await TestPostgres.CreateDatabaseAsync("settings");
        foreach (var (key, expected) in new[]
                 {
                     ("Server__Rol", "Server:Rol is not a setting"), // read before the services are built
                     ("Engine__Concurrency", "Engine:Concurrency"), // not a number: the binder's own message
                     ("Webhooks__SigningSecrets", "Webhooks:SigningSecrets is not a setting"), // checked at start
                 })
        {
            await using var server = ServerProcess.Start(new Dictionary<string, string?>
            {
                ["ConnectionStrings__Jobs"] = database,
                ["Auth__SigningKey"] = ApiFactory.SigningKey,
                ["LocalData__Directory"] = Path.Combine(Path.GetTempPath(), $"extractapi-settings-{Guid.NewGuid():N}"),
                [key] = "many",
            });
            Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
            Assert.Contains(expected, server.Output);
            Assert.DoesNotMatch(new Regex(@"^\s+at \S+\(", RegexOptions.Multiline), server.Output);
        }
    }
}
