using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class QueueIndexEntriesPerStateChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_expiry",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_org_created",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_owner_created",
                table: "jobs");

            migrationBuilder.AlterTable(
                name: "jobs")
                .Annotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_expiry",
                table: "jobs",
                column: "expires_at",
                filter: "status IN ('completed', 'failed', 'cancelled')");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_org_owner_created",
                table: "jobs",
                columns: new[] { "organisation_id", "owner_subject", "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_jobs_expiry",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_org_owner_created",
                table: "jobs");

            migrationBuilder.AlterTable(
                name: "jobs")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 50);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_expiry",
                table: "jobs",
                column: "expires_at",
                filter: "expires_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_org_created",
                table: "jobs",
                columns: new[] { "organisation_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_owner_created",
                table: "jobs",
                columns: new[] { "owner_subject", "created_at", "id" });
        }
    }
}
