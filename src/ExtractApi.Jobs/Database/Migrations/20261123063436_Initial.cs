using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_subject = table.Column<string>(type: "text", nullable: false),
                    organisation_id = table.Column<string>(type: "text", nullable: false),
                    dialect = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    request = table.Column<string>(type: "jsonb", nullable: false),
                    result = table.Column<string>(type: "jsonb", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    total = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    credits_used = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    max_attempts = table.Column<int>(type: "integer", nullable: false),
                    run_after = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    lease_owner = table.Column<string>(type: "text", nullable: true),
                    lease_expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    cancel_requested = table.Column<bool>(type: "boolean", nullable: false),
                    idempotency_key = table.Column<string>(type: "text", nullable: true),
                    request_hash = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "templates",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    owner_subject = table.Column<string>(type: "text", nullable: false),
                    organisation_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    variables = table.Column<string>(type: "jsonb", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_templates", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "blobs",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    owner_subject = table.Column<string>(type: "text", nullable: false),
                    content_type = table.Column<string>(type: "text", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_blobs", x => x.key);
                    table.ForeignKey(
                        name: "fk_blobs_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "extraction_results",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_id = table.Column<string>(type: "text", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    domain = table.Column<string>(type: "text", nullable: false),
                    schema_id = table.Column<string>(type: "text", nullable: true),
                    data_type = table.Column<string>(type: "text", nullable: false),
                    normalized = table.Column<string>(type: "jsonb", nullable: false),
                    raw_blob_key = table.Column<string>(type: "text", nullable: true),
                    quality_completeness = table.Column<double>(type: "double precision", nullable: false),
                    quality_validation = table.Column<double>(type: "double precision", nullable: false),
                    quality_composite = table.Column<double>(type: "double precision", nullable: false),
                    latency_ms = table.Column<int>(type: "integer", nullable: true),
                    delivered_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_extraction_results", x => x.id);
                    table.ForeignKey(
                        name: "fk_extraction_results_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "job_pages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ordinal = table.Column<int>(type: "integer", nullable: false),
                    url = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    status_code = table.Column<int>(type: "integer", nullable: true),
                    markdown = table.Column<string>(type: "text", nullable: true),
                    html = table.Column<string>(type: "text", nullable: true),
                    raw_html = table.Column<string>(type: "text", nullable: true),
                    links = table.Column<string[]>(type: "text[]", nullable: true),
                    metadata = table.Column<string>(type: "jsonb", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    content_bytes = table.Column<long>(type: "bigint", nullable: false),
                    raw_blob_key = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_pages", x => x.id);
                    table.ForeignKey(
                        name: "fk_job_pages_job_id",
                        column: x => x.job_id,
                        principalTable: "jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blobs_job_id",
                table: "blobs",
                column: "job_id");

            migrationBuilder.CreateIndex(
                name: "ix_extraction_results_org_id_created_at",
                table: "extraction_results",
                columns: new[] { "org_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_extraction_results_job_id",
                table: "extraction_results",
                column: "job_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_job_pages_job_id_ordinal",
                table: "job_pages",
                columns: new[] { "job_id", "ordinal" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_jobs_claimable",
                table: "jobs",
                column: "run_after",
                filter: "status = 'pending'");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_expiry",
                table: "jobs",
                column: "expires_at",
                filter: "expires_at IS NOT NULL");

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

            migrationBuilder.CreateIndex(
                name: "ix_jobs_org_created",
                table: "jobs",
                columns: new[] { "organisation_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ux_jobs_idempotency",
                table: "jobs",
                columns: new[] { "owner_subject", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_templates_owner_subject_created_at",
                table: "templates",
                columns: new[] { "owner_subject", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "blobs");

            migrationBuilder.DropTable(
                name: "extraction_results");

            migrationBuilder.DropTable(
                name: "job_pages");

            migrationBuilder.DropTable(
                name: "templates");

            migrationBuilder.DropTable(
                name: "jobs");
        }
    }
}
