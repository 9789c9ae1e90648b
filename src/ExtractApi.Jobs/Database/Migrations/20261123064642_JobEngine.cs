using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ExtractApi.Jobs.Database.Migrations
{
    /// <inheritdoc />
    public partial class JobEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "staged_result_row",
                table: "jobs",
                type: "jsonb",
                nullable: true);

            // Wakes idle workers (LISTEN extractapi_jobs) when jobs are inserted. Once per statement, not per row, so
            // a bulk insert sends one notification; it is delivered at commit, when the rows are claimable.
            migrationBuilder.Sql("""
                CREATE FUNCTION jobs_notify_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('extractapi_jobs', '');
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER jobs_notify_inserted AFTER INSERT ON jobs
                    FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify_inserted();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS jobs_notify_inserted ON jobs;
                DROP FUNCTION IF EXISTS jobs_notify_inserted();
                """);
            migrationBuilder.DropColumn(
                name: "staged_result_row",
                table: "jobs");
        }
    }
}
