using ExtractApi.Auth;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;

namespace ExtractApi.Api;

/// <summary>
/// A job row's version: PostgreSQL's <c>xmin</c>, the id of the transaction that wrote the row's current version.
/// Every change to a job, and every page a scrape stores (the page and the job's counters are written in one
/// transaction), gives the row a new one; two committed versions of a row share it only if the 32-bit transaction
/// counter wrapped around in between, which takes billions of transactions (an answer lives at most
/// <see cref="JobAnswerCache.MaxAge"/>). The reserved ids below 3 are not versions: 2 is what a frozen row reports,
/// whatever wrote it.
/// </summary>
public static class RowVersion
{
    public static bool IsUsable(uint? version) => version is >= 3;
}
