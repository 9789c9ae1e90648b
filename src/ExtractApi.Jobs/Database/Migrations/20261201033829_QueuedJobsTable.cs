using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class QueuedJobsTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "queued_jobs",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    run_after = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lease_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queued_jobs", x => x.job_id);
                    table.ForeignKey(
                        name: "fk_queued_jobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Every unfinished job gets its queue row before the columns it is made from go.
            migrationBuilder.Sql("""
                INSERT INTO queued_jobs (job_id, status, run_after, lease_expires_at)
                SELECT id, status, run_after, CASE WHEN status = 'processing' THEN lease_expires_at END
                FROM jobs WHERE status IN ('pending', 'processing', 'extraction_done')
                """);

            migrationBuilder.DropIndex(
                name: "ix_jobs_claimable",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_expiry",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_extraction_done",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_lease_expiry",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "run_after",
                table: "jobs");

            migrationBuilder.AlterTable(
                name: "jobs")
                .Annotation("Npgsql:StorageParameter:fillfactor", 25)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_created",
                table: "jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_queued_jobs_claimable",
                table: "queued_jobs",
                column: "run_after",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_queued_jobs_extraction_done",
                table: "queued_jobs",
                column: "job_id",
                filter: "status = 'extraction_done'");

            migrationBuilder.CreateIndex(
                name: "ix_queued_jobs_lease_expiry",
                table: "queued_jobs",
                column: "lease_expires_at",
                filter: "status = 'processing'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_created",
                table: "jobs");

            migrationBuilder.AlterTable(
                name: "jobs")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50)
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 25);

            migrationBuilder.AddColumn<DateTime>(
                name: "lease_expires_at",
                table: "jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "run_after",
                table: "jobs",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.Sql("""
                UPDATE jobs j SET run_after = coalesce(q.run_after, j.created_at), lease_expires_at = q.lease_expires_at
                FROM jobs j2 LEFT JOIN queued_jobs q ON q.job_id = j2.id WHERE j2.id = j.id
                """);

            migrationBuilder.DropTable(
                name: "queued_jobs");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_claimable",
                table: "jobs",
                column: "run_after",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_expiry",
                table: "jobs",
                column: "expires_at",
                filter: "status IN ('completed', 'failed', 'cancelled')");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_extraction_done",
                table: "jobs",
                column: "updated_at",
                filter: "status = 'extraction_done'");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_lease_expiry",
                table: "jobs",
                column: "lease_expires_at",
                filter: "status = 'processing'");
        }
    }
}
