using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Jobs.Urls;

/// <summary>The URL items of an organisation (<see cref="UrlItem"/>): found or made in one statement, race-free.</summary>
public static class UrlItems
{
    public const string EnsureSql = """
        INSERT INTO url_items AS u (id, org_id, url, domain, created_at) VALUES ({0}, {1}, {2}, {3}, now())
        ON CONFLICT (org_id, url) DO UPDATE SET domain = u.domain
        RETURNING u.id AS "Value"
        """;

    /// <summary>The id of the organisation's item for the URL (as <see cref="Uri.AbsoluteUri"/> without its fragment).</summary>
    public static async Task<Guid> EnsureAsync(JobsDbContext db, string orgId, Uri url, CancellationToken cancellationToken)
    {
        var ids = await db.Database.SqlQueryRaw<Guid>(EnsureSql, Guid.CreateVersion7(), orgId, Normalize(url), url.Host).ToListAsync(cancellationToken);
        return ids.Single();
    }

    public static string Normalize(Uri url) => url.GetLeftPart(UriPartial.Query);
}
