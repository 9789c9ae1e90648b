using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class DocmapUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "usage_counters",
                columns: table => new
                {
                    owner_subject = table.Column<string>(type: "text", nullable: false),
                    period_key = table.Column<string>(type: "text", nullable: false),
                    used = table.Column<int>(type: "integer", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_counters", x => new { x.owner_subject, x.period_key });
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_owner_created",
                table: "jobs",
                columns: new[] { "owner_subject", "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "usage_counters");

            migrationBuilder.DropIndex(
                name: "ix_jobs_owner_created",
                table: "jobs");
        }
    }
}
