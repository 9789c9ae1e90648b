using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Api;

/// <summary>The one way the dialects read a job: by id, and only while it has not expired.</summary>
public static class JobLookup
{
    // Compiled once and prepared on each connection: every poll runs this query, and both EF's per-call query-cache
    // lookup and PostgreSQL's planning are measurable at poll rates.
    private static readonly Func<JobsDbContext, Guid, DateTime, CancellationToken, Task<Job?>> ById =
        EF.CompileAsyncQuery((JobsDbContext db, Guid id, DateTime now, CancellationToken _) =>
            db.Jobs.TagWith(PreparedQueries.Tag).FirstOrDefault(j => j.Id == id && (j.ExpiresAt == null || j.ExpiresAt > now)));

    public static Task<Job?> FindAsync(JobsDbContext db, Guid id, CancellationToken cancellationToken) =>
        ById(db, id, DateTime.UtcNow, cancellationToken);

    public static bool IsOwnedBy(this Job job, Caller caller) =>
        job.OwnerSubject == caller.Subject && job.OrganisationId == caller.Organisation;
}
