using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyKeyPerCaller : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_jobs_idempotency",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "ux_jobs_idempotency",
                table: "jobs",
                columns: new[] { "organisation_id", "owner_subject", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_jobs_idempotency",
                table: "jobs");

            migrationBuilder.CreateIndex(
                name: "ux_jobs_idempotency",
                table: "jobs",
                columns: new[] { "owner_subject", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }
    }
}
