using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ExtractApi.Jobs.Database;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<JobsDbContext>
{
    public JobsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<JobsDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("EXTRACTAPI_DESIGN_CONNECTION") ?? "Host=localhost;Database=extractapi")
            .Options);
}
