using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ExtractApi.Hosting;

public static class StartupBanner
{
    /// <summary>Tells a person where the server is and how to get in.</summary>
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault() ?? "http://localhost:5080";
        app.Logger.LogInformation(
            "ExtractApi is listening on {Addresses}. Swagger UI: {Swagger}. Get a bearer token with: " +
            "dotnet run --project src/ExtractApi --no-launch-profile -- token --sub <subject> --org <organisation>",
            string.Join(", ", addresses), first.TrimEnd('/') + "/swagger");
    }
}
