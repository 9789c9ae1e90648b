using ExtractApi.Jobs.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ExtractApi.Jobs.Database;

public sealed class JobsDbContext(DbContextOptions<JobsDbContext> options) : DbContext(options)
{
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<QueuedJob> QueuedJobs => Set<QueuedJob>();
    public DbSet<JobPage> JobPages => Set<JobPage>();
    public DbSet<ExtractionResult> ExtractionResults => Set<ExtractionResult>();
    public DbSet<Template> Templates => Set<Template>();
    public DbSet<UsageCounter> UsageCounters => Set<UsageCounter>();
    public DbSet<JobStep> JobSteps => Set<JobStep>();
    public DbSet<UrlItem> UrlItems => Set<UrlItem>();
    public DbSet<Blob> Blobs => Set<Blob>();
    public DbSet<StoredSchema> StoredSchemas => Set<StoredSchema>();
    public DbSet<CrawlUrl> CrawlUrls => Set<CrawlUrl>();
    public DbSet<CachedPage> CachedPages => Set<CachedPage>();
    public DbSet<PageSnapshot> PageSnapshots => Set<PageSnapshot>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Job>(job =>
        {
            job.ToTable("jobs");
            // Every state change writes a new row version. No index names a column a state change writes (the queue's
            // indexes are on queued_jobs), so the new version can be a HOT update, with no new index entries, when it fits
            // on the same page as the old one. Three quarters of each page are left free when rows are inserted: a job is
            // claimed and finished, two new versions each a little larger than the first (jobs benchmark replay: 58 % of
            // the updates HOT at fillfactor 50, 95 % at 30, all at 25). Sweeping finished jobs keeps the table bounded.
            job.HasStorageParameter("fillfactor", 25);
            job.HasKey(j => j.Id);
            job.Property(j => j.Status).HasConversion(StoredNameConverter<JobStatus>());
            job.Property(j => j.Dialect).HasConversion(StoredNameConverter<Dialect>());
            job.Property(j => j.Kind).HasConversion(StoredNameConverter<JobKind>());
            job.Property(j => j.Request).HasColumnType("jsonb");
            job.Property(j => j.Result).HasColumnType("jsonb");
            job.Property(j => j.StagedResultRow).HasColumnType("jsonb");
            // Sweeper: a finished job expires a retention period after it finished, so no earlier than that period
            // after it was created; its candidates are the jobs created before that, found by a column no update writes.
            job.HasIndex(j => j.CreatedAt).HasDatabaseName("ix_jobs_created");
            // Keys belong to a caller: the same subject in another organisation is another caller.
            job.HasIndex(j => new { j.OrganisationId, j.OwnerSubject, j.IdempotencyKey }).IsUnique()
                .HasDatabaseName("ux_jobs_idempotency").HasFilter("idempotency_key IS NOT NULL");
            // A caller's jobs newest first, ties broken by id (the Docmap, Linkup, JustCrawl and crawl lists, which all
            // name both the subject and the organisation), and an organisation's jobs (usage, queue status, the
            // dashboard's filter) by its leading column. One index instead of one per question: every new job writes an
            // entry into each of them (and so does every update that is not HOT).
            job.HasIndex(j => new { j.OrganisationId, j.OwnerSubject, j.CreatedAt, j.Id }).HasDatabaseName("ix_jobs_org_owner_created");
        });

        modelBuilder.Entity<QueuedJob>(queued =>
        {
            queued.ToTable("queued_jobs");
            queued.HasKey(q => q.JobId);
            queued.Property(q => q.Status).HasConversion(StoredNameConverter<JobStatus>());
            // Claim: the oldest claimable pending jobs.
            queued.HasIndex(q => q.RunAfter).HasDatabaseName("ix_queued_jobs_claimable").HasFilter("status = 'pending'");
            // Rescue: processing jobs whose lease ran out.
            queued.HasIndex(q => q.LeaseExpiresAt).HasDatabaseName("ix_queued_jobs_lease_expiry").HasFilter("status = 'processing'");
            // Bulk writer: jobs whose result row waits to be landed.
            queued.HasIndex(q => q.JobId).HasDatabaseName("ix_queued_jobs_extraction_done").HasFilter("status = 'extraction_done'");
            queued.HasOne<Job>().WithOne().HasForeignKey<QueuedJob>(q => q.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<JobPage>(page =>
        {
            page.ToTable("job_pages");
            page.HasKey(p => p.Id);
            page.Property(p => p.Status).HasConversion(StoredNameConverter<PageStatus>());
            page.Property(p => p.Metadata).HasColumnType("jsonb");
            page.Property(p => p.Extras).HasColumnType("jsonb");
            page.HasIndex(p => new { p.JobId, p.Ordinal }).IsUnique();
            page.HasOne<Job>().WithMany().HasForeignKey(p => p.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ExtractionResult>(row =>
        {
            row.ToTable("extraction_results");
            row.HasKey(r => r.Id);
            row.Property(r => r.Normalized).HasColumnType("jsonb");
            // One landed row per job, never two: the bulk writer relies on it.
            row.HasIndex(r => r.JobId).IsUnique();
            row.HasIndex(r => new { r.OrgId, r.CreatedAt });
            row.HasOne<Job>().WithMany().HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Template>(template =>
        {
            template.ToTable("templates");
            template.HasKey(t => t.Id);
            template.Property(t => t.Variables).HasColumnType("jsonb");
            template.HasIndex(t => new { t.OwnerSubject, t.CreatedAt });
        });

        modelBuilder.Entity<Blob>(blob =>
        {
            blob.ToTable("blobs");
            blob.HasKey(b => b.Key);
            blob.HasIndex(b => b.JobId);
            blob.HasOne<Job>().WithMany().HasForeignKey(b => b.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<StoredSchema>(schema =>
        {
            schema.ToTable("extraction_schemas");
            schema.HasKey(s => s.Id);
            schema.Property(s => s.Schema).HasColumnType("jsonb");
            schema.HasIndex(s => new { s.OrgId, s.Name }).IsUnique();
        });

        modelBuilder.Entity<UsageCounter>(counter =>
        {
            counter.ToTable("usage_counters");
            counter.HasKey(c => new { c.OwnerSubject, c.PeriodKey });
        });

        modelBuilder.Entity<JobStep>(step =>
        {
            step.ToTable("job_steps");
            step.HasKey(s => s.Id);
            step.Property(s => s.Id).UseIdentityAlwaysColumn();
            step.HasIndex(s => new { s.JobId, s.Id });
            step.HasOne<Job>().WithMany().HasForeignKey(s => s.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<UrlItem>(item =>
        {
            item.ToTable("url_items");
            item.HasKey(i => i.Id);
            item.HasIndex(i => new { i.OrgId, i.Url }).IsUnique();
        });

        modelBuilder.Entity<CrawlUrl>(url =>
        {
            url.ToTable("crawl_urls");
            url.HasKey(u => new { u.JobId, u.Ordinal });
            url.Property(u => u.State).HasConversion(StoredNameConverter<CrawlUrlState>());
            // A URL is admitted to a crawl once.
            url.HasIndex(u => new { u.JobId, u.DedupeKey }).IsUnique();
            // The claim: a crawl's queued URLs in discovery order; done ones leave the index.
            url.HasIndex(u => new { u.JobId, u.Ordinal }).HasDatabaseName("ix_crawl_urls_queued").HasFilter("state = 'queued'");
            url.HasOne<Job>().WithMany().HasForeignKey(u => u.JobId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<CachedPage>(cached =>
        {
            cached.ToTable("cached_pages");
            cached.HasKey(c => new { c.OrganisationId, c.Url });
            cached.HasIndex(c => c.ExpiresAt);
        });

        modelBuilder.Entity<PageSnapshot>(snapshot =>
        {
            snapshot.ToTable("page_snapshots");
            snapshot.HasKey(s => new { s.OrganisationId, s.Url, s.Tag });
            snapshot.Property(s => s.Json).HasColumnType("jsonb");
        });

        ApplySnakeCaseNames(modelBuilder);
    }

    private static ValueConverter<TEnum, string> StoredNameConverter<TEnum>() where TEnum : struct, Enum =>
        new(v => v.ToName(), v => StoredNames.Parse<TEnum>(v));

    private static void ApplySnakeCaseNames(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCaseName.Of(property.Name));
            }
            foreach (var key in entity.GetKeys())
            {
                key.SetName(key.GetName() is { } name && name.StartsWith("PK_", StringComparison.Ordinal)
                    ? "pk_" + entity.GetTableName() : key.GetName());
            }
            foreach (var fk in entity.GetForeignKeys())
            {
                fk.SetConstraintName($"fk_{entity.GetTableName()}_{SnakeCaseName.Of(fk.Properties[0].Name)}");
            }
            foreach (var index in entity.GetIndexes())
            {
                if (index.GetDatabaseName() is { } name && name.StartsWith("IX_", StringComparison.Ordinal))
                {
                    var columns = string.Join("_", index.Properties.Select(p => SnakeCaseName.Of(p.Name)));
                    index.SetDatabaseName($"{(index.IsUnique ? "ux" : "ix")}_{entity.GetTableName()}_{columns}");
                }
            }
        }
    }
}
