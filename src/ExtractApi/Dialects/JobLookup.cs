using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects;

/// <summary>The one way the dialects read a job: by id, and only while it has not expired.</summary>
public static class JobLookup
{
    public static Task<Job?> FindAsync(JobsDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        return db.Jobs.FirstOrDefaultAsync(j => j.Id == id && (j.ExpiresAt == null || j.ExpiresAt > now), cancellationToken);
    }

    public static bool IsOwnedBy(this Job job, Caller caller) =>
        job.OwnerSubject == caller.Subject && job.OrganisationId == caller.Organisation;
}
