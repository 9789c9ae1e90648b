using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class FirecrawlCacheAndChangeTracking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "extras",
                table: "job_pages",
                type: "jsonb",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "cached_pages",
                columns: table => new
                {
                    organisation_id = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    final_url = table.Column<string>(type: "text", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    content_type = table.Column<string>(type: "text", nullable: true),
                    body = table.Column<byte[]>(type: "bytea", nullable: false),
                    truncated = table.Column<bool>(type: "boolean", nullable: false),
                    fetched_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cached_pages", x => new { x.organisation_id, x.url });
                });

            migrationBuilder.CreateTable(
                name: "page_snapshots",
                columns: table => new
                {
                    organisation_id = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    tag = table.Column<string>(type: "text", nullable: false),
                    markdown = table.Column<string>(type: "text", nullable: true),
                    json = table.Column<string>(type: "jsonb", nullable: true),
                    present = table.Column<bool>(type: "boolean", nullable: false),
                    scraped_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_page_snapshots", x => new { x.organisation_id, x.url, x.tag });
                });

            migrationBuilder.CreateIndex(
                name: "ix_cached_pages_expires_at",
                table: "cached_pages",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cached_pages");

            migrationBuilder.DropTable(
                name: "page_snapshots");

            migrationBuilder.DropColumn(
                name: "extras",
                table: "job_pages");
        }
    }
}
