using System.Globalization;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Jobs.Usage;

/// <summary>
/// Monthly usage per user (<see cref="UsageCounter"/>). <see cref="TryTakeAsync"/> counts one use only while the count
/// is below the limit, in one statement, so concurrent requests cannot overshoot it.
/// </summary>
public static class UsageCounters
{
    /// <summary>The billing period of an instant: its UTC month, <c>YYYY-MM</c>.</summary>
    public static string PeriodKey(DateTime utc) => utc.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public const string TakeSql = """
        INSERT INTO usage_counters AS c (owner_subject, period_key, used, updated_at) VALUES ({0}, {1}, 1, now())
        ON CONFLICT (owner_subject, period_key) DO UPDATE SET used = c.used + 1, updated_at = now()
        WHERE c.used < {2}
        RETURNING c.used AS "Value"
        """;

    /// <summary>Counts one use in the period; false (nothing counted) when <paramref name="limit"/> uses are already counted.</summary>
    public static async Task<bool> TryTakeAsync(JobsDbContext db, string owner, string periodKey, int limit, CancellationToken cancellationToken)
    {
        if (limit <= 0) return false;
        var taken = await db.Database.SqlQueryRaw<int>(TakeSql, owner, periodKey, limit).ToListAsync(cancellationToken);
        return taken.Count == 1;
    }

    public static async Task<int> UsedAsync(JobsDbContext db, string owner, string periodKey, CancellationToken cancellationToken) =>
        await db.UsageCounters.Where(c => c.OwnerSubject == owner && c.PeriodKey == periodKey).Select(c => c.Used).FirstOrDefaultAsync(cancellationToken);
}
