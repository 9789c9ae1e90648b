using ExtractApi.Hosting;
using ExtractApi.Jobs.Settings;
using Microsoft.Extensions.Options;

namespace ExtractApi.Auth;

/// <summary><c>ExtractApi token --sub alice --org acme [--days 30]</c>: prints a bearer token signed with the server's key.</summary>
public static class TokenCommand
{
    public static int Run(IConfiguration configuration, string[] args)
    {
        string? Option(string name)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        AuthSettings settings;
        LocalDataSettings localData;
        try
        {
            settings = SettingsBinding.Read<AuthSettings>(configuration, AuthSettings.Section);
            localData = SettingsBinding.Read<LocalDataSettings>(configuration, LocalDataSettings.Section);
        }
        catch (OptionsValidationException e)
        {
            Console.Error.WriteLine($"Invalid settings: {e.Message}");
            return 2;
        }
        if (!string.IsNullOrEmpty(settings.Authority) && string.IsNullOrEmpty(settings.SigningKey))
        {
            Console.Error.WriteLine("Auth:Authority is set: tokens come from that identity provider, not from this command.");
            return 2;
        }
        var subject = Option("sub") ?? "local-user";
        var organisation = Option("org") ?? "local-org";
        if (!double.TryParse(Option("days") ?? "30", System.Globalization.CultureInfo.InvariantCulture, out var days) || days <= 0)
        {
            Console.Error.WriteLine("usage: token [--sub SUBJECT] [--org ORGANISATION] [--days DAYS]");
            return 2;
        }
        var key = SigningKeys.Resolve(settings, localData);
        Console.WriteLine(new TokenIssuer(settings, key).Issue(subject, organisation, TimeSpan.FromDays(days)));
        return 0;
    }
}
