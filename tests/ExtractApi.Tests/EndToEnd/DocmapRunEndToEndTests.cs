using System.Net;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using ExtractApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>
/// Docmap as its docs describe it: <c>POST /v1/extractions/run</c> with a base64 PDF or DOCX (both generated here),
/// the list with its cursor, delete, and usage with a monthly limit, driven the way a Docmap client calls them.
/// </summary>
public sealed class DocmapRunEndToEndTests(DocmapRunEndToEndTests.DocmapApiWithWorker api) : IClassFixture<DocmapRunEndToEndTests.DocmapApiWithWorker>
{
    public const int MonthlyLimit = 4;

    public sealed class DocmapApiWithWorker : SiteApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Docmap:MaxUploadBytes", "400000");
            builder.UseSetting("Docmap:MonthlyExtractionLimit", MonthlyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting("Docmap:Plan", "starter");
        }
    }

    private const string DocxMime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";


    /// <summary>A Word invoice: a title heading, a label paragraph, a two-column table of labels, and an items table
    /// whose header row is marked as such.</summary>
    public static byte[] DocxInvoice()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            // A localised style id, as German Word writes it: the heading is known by the style's name and outline level.
            styles.Styles = new Styles(new Style(
                new StyleName { Val = "heading 1" },
                new StyleParagraphProperties(new OutlineLevel { Val = 0 })) { Type = StyleValues.Paragraph, StyleId = "berschrift1" });
            static Paragraph Para(string text, string? style = null)
            {
                var paragraph = new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
                if (style is not null) paragraph.ParagraphProperties = new ParagraphProperties(new ParagraphStyleId { Val = style });
                return paragraph;
            }
            static TableRow Row(bool header, params string[] cells)
            {
                var row = new TableRow(cells.Select(c => new TableCell(Para(c))));
                if (header) row.PrependChild(new TableRowProperties(new TableHeader()));
                return row;
            }
            main.Document = new Document(new Body(
                Para("Invoice", "berschrift1"),
                Para("Invoice Number: INV-DOCX-42"),
                new Table(Row(false, "Vendor Name", "Northwind Traders"), Row(false, "Total Amount", "$2,480.50")),
                Para("Line items"),
                new Table(Row(true, "Description", "Quantity", "Unit Price"), Row(false, "Widget", "4", "$120.00"), Row(false, "Gadget", "2", "$1,000.25"))));
        }
        return stream.ToArray();
    }

    private async Task<string> TemplateAsync(HttpClient client)
    {
        var created = await Json.ReadAsync(await client.PostAsync("/v1/templates", Json.Body(new
        {
            name = "Invoice Template",
            variables = new object[]
            {
                new { name = "vendor_name", type = "string", description = "Name of the vendor or supplier" },
                new { name = "invoice_number", type = "string", description = "Invoice number" },
                new { name = "total_amount", type = "currency", description = "Total amount due" },
            },
        })), HttpStatusCode.Created);
        return created.GetProperty("data").Str("id")!;
    }

    private static object Run(string templateId, byte[] document, string mimeType, string fileName = "invoice.docx", string? runId = null) =>
        new { templateId, fileName, pdfBase64 = Convert.ToBase64String(document), mimeType, runId };

    [Fact]
    public async Task A_docx_and_a_pdf_are_filled_through_run()
    {
        var client = api.ClientFor("uid_run");
        var templateId = await TemplateAsync(client);

        var docx = await Json.ReadAsync(await client.PostAsync("/v1/extractions/run", Json.Body(Run(templateId, DocxInvoice(), DocxMime, runId: "batch-7"))), HttpStatusCode.OK);
        var record = docx.GetProperty("data");
        Json.HasExactly(record, "id", "userId", "templateId", "templateName", "fileName", "status", "extractedData", "error",
            "variables", "source", "runId", "processingTimeMs", "createdAt");
        Assert.Equal("completed", record.Str("status"));
        Assert.Equal("invoice.docx", record.Str("fileName"));
        Assert.Equal("batch-7", record.Str("runId"));
        var data = record.GetProperty("extractedData");
        Assert.Equal("Northwind Traders", data.Str("vendor_name"));
        Assert.Equal("INV-DOCX-42", data.Str("invoice_number"));
        Assert.Equal(2480.50m, data.GetProperty("total_amount").GetDecimal());

        var pdf = await Json.ReadAsync(await client.PostAsync("/v1/extractions/run",
            Json.Body(Run(templateId, DocmapExtractionEndToEndTests.Invoice(), "application/pdf", "invoice.pdf"))), HttpStatusCode.OK);
        Assert.Equal("completed", pdf.GetProperty("data").Str("status"));
        Assert.Equal("INV-2024-001", pdf.GetProperty("data").GetProperty("extractedData").Str("invoice_number"));

        // async=true answers at once with the record processing; the record then finishes.
        var queued = await Json.ReadAsync(await client.PostAsync("/v1/extractions/run?async=true",
            Json.Body(Run(templateId, DocxInvoice(), DocxMime))), HttpStatusCode.Accepted);
        Assert.Equal("processing", queued.GetProperty("data").Str("status"));
        queued.GetProperty("data").IsNull("extractedData");
        var id = queued.GetProperty("data").Str("id");
        for (var i = 0; ; i++)
        {
            var polled = await Json.ReadAsync(await client.GetAsync($"/v1/extractions/{id}"), HttpStatusCode.OK);
            if (polled.GetProperty("data").Str("status") == "completed") break;
            Assert.True(i < 300, "the async extraction never completed");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Bad_run_requests_are_refused_in_docmap_shape_and_store_nothing()
    {
        var client = api.ClientFor("uid_badrun");
        var templateId = await TemplateAsync(client);
        async Task Refused(HttpContent content, HttpStatusCode status, string code, string path = "/v1/extractions/run") =>
            Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync(path, content), status), code);

        await Refused(Json.Body(Run(templateId, new byte[350_000], "application/pdf")), HttpStatusCode.RequestEntityTooLarge, "FILE_TOO_LARGE");
        await Refused(Json.Body(new { templateId, fileName = "a.pdf", pdfBase64 = "not base64!!", mimeType = "application/pdf" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(Json.Body(Run(templateId, DocxInvoice(), "image/png", "a.png")), HttpStatusCode.BadRequest, "INVALID_MIME_TYPE");
        await Refused(Json.Body(Run(templateId, DocxInvoice(), "application/pdf", "a.pdf")), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(Json.Body(Run(templateId, "%PDF-1.4"u8.ToArray(), DocxMime)), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(Json.Body(new { templateId, fileName = "a.pdf", mimeType = "application/pdf" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(Json.Body(new { templateId = 7, fileName = "a.pdf", pdfBase64 = "JVBERi0=", mimeType = "application/pdf" }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(new StringContent("{\"templateId\":", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(Json.Body(new[] { 1, 2 }), HttpStatusCode.BadRequest, "VALIDATION_ERROR");
        await Refused(Json.Body(Run(templateId, DocxInvoice(), DocxMime)), HttpStatusCode.BadRequest, "VALIDATION_ERROR", "/v1/extractions/run?async=maybe");
        await Refused(Json.Body(Run("tmpl_doesnotexist00", DocxInvoice(), DocxMime)), HttpStatusCode.NotFound, "NOT_FOUND");
        Json.IsDocmapError(await Json.ReadAsync(await api.ClientFor("uid_stranger").PostAsync("/v1/extractions/run", Json.Body(Run(templateId, DocxInvoice(), DocxMime))),
            HttpStatusCode.Forbidden), "FORBIDDEN");
        Json.IsDocmapError(await Json.ReadAsync(await api.CreateClient().PostAsync("/v1/extractions/run", Json.Body(Run(templateId, DocxInvoice(), DocxMime))),
            HttpStatusCode.Unauthorized), "UNAUTHORIZED");

        var list = await Json.ReadAsync(await client.GetAsync("/v1/extractions"), HttpStatusCode.OK);
        Assert.Empty(list.GetProperty("data").EnumerateArray());
        var usage = await Json.ReadAsync(await client.GetAsync("/v1/usage"), HttpStatusCode.OK);
        Assert.Equal(0, usage.GetProperty("data").GetProperty("usage").GetInt32());
        await api.WithDbAsync(async db =>
            Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Blobs, b => b.OwnerSubject == "uid_badrun")));

        foreach (var query in new[] { "limit=0", "limit=101", "limit=ten", "cursor=yesterday", "dateFrom=2024-13-45", "dateTo=soon" })
        {
            Json.IsDocmapError(await Json.ReadAsync(await client.GetAsync($"/v1/extractions?{query}"), HttpStatusCode.BadRequest), "VALIDATION_ERROR");
        }
    }

    [Fact]
    public async Task The_list_pages_by_cursor_across_concurrent_inserts_and_filters()
    {
        var client = api.ClientFor("uid_list");
        var templateId = await TemplateAsync(client);
        var other = await TemplateAsync(client);
        // Seeded directly (no usage is counted for them): eleven records, three of them in one millisecond.
        var baseTime = new DateTime(2026, 11, 20, 10, 0, 0, DateTimeKind.Utc);
        var seeded = new List<Guid>();
        await api.WithDbAsync(async db =>
        {
            for (var i = 0; i < 11; i++)
            {
                var created = i is 5 or 6 or 7 ? baseTime.AddSeconds(4).AddTicks(i * 10) : baseTime.AddSeconds(i);
                var job = JobSeeds.Job(Jobs.Model.Dialect.Docmap, Jobs.Model.JobKind.DocumentExtract, Jobs.Model.JobStatus.Completed, "uid_list",
                    request: JsonSerializer.Serialize(new { templateId = i == 10 ? other : templateId, templateName = "Invoice Template", fileName = $"f{i}.pdf",
                        variables = Array.Empty<object>(), source = "api", runId = i % 2 == 0 ? "even" : "odd" }),
                    result: """{"data":{}}""");
                job.CreatedAt = created;
                job.UpdatedAt = created;
                job.OrganisationId = "org-1";
                seeded.Add(job.Id);
                db.Jobs.Add(job);
            }
            await db.SaveChangesAsync();
        });

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = await Json.ReadAsync(await client.GetAsync($"/v1/extractions?templateId={templateId}&limit=3" +
                (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}")), HttpStatusCode.OK);
            Json.HasExactly(page, "data", "hasMore");
            var data = page.GetProperty("data").EnumerateArray().ToList();
            seen.AddRange(data.Select(d => d.Str("id")!));
            pages++;
            if (pages == 1)
            {
                // A record created while the client pages: newer than every cursor, it never shifts the pages.
                await client.PostAsync("/v1/extractions/run", Json.Body(Run(templateId, DocxInvoice(), DocxMime)));
            }
            if (!page.GetProperty("hasMore").GetBoolean()) break;
            cursor = data[^1].Str("createdAt");
            Assert.True(pages < 10);
        }
        var expected = seeded.Take(10).Reverse().Select(id => id.ToString()).ToList();
        Assert.Equal(expected.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var odd = await Json.ReadAsync(await client.GetAsync($"/v1/extractions?runId=odd&limit=100"), HttpStatusCode.OK);
        Assert.Equal(5, odd.GetProperty("data").GetArrayLength());
        var window = await Json.ReadAsync(await client.GetAsync(
            $"/v1/extractions?templateId={templateId}&dateFrom=2026-11-20T10:00:02Z&dateTo=2026-11-20T10:00:05Z"), HttpStatusCode.OK);
        Assert.Equal(6, window.GetProperty("data").GetArrayLength()); // seconds 2, 3 and 4, and the three in one millisecond after 4
        var otherUser = await Json.ReadAsync(await api.ClientFor("uid_nobody").GetAsync("/v1/extractions"), HttpStatusCode.OK);
        Assert.Empty(otherUser.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Delete_removes_the_record_and_usage_counts_up_to_the_monthly_limit()
    {
        var client = api.ClientFor("uid_usage");
        var templateId = await TemplateAsync(client);
        var usage = (await Json.ReadAsync(await client.GetAsync("/v1/usage"), HttpStatusCode.OK)).GetProperty("data");
        Json.HasExactly(usage, "plan", "usage", "limit", "periodKey");
        Assert.Equal("starter", usage.Str("plan"));
        Assert.Equal(0, usage.GetProperty("usage").GetInt32());
        Assert.Equal(MonthlyLimit, usage.GetProperty("limit").GetInt32());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), usage.Str("periodKey"));

        var first = await Json.ReadAsync(await client.PostAsync("/v1/extractions/run?async=true", Json.Body(Run(templateId, DocxInvoice(), DocxMime))), HttpStatusCode.Accepted);
        var id = first.GetProperty("data").Str("id");
        Json.IsDocmapError(await Json.ReadAsync(await api.ClientFor("uid_stranger").DeleteAsync($"/v1/extractions/{id}"), HttpStatusCode.Forbidden), "FORBIDDEN");
        var deleted = await Json.ReadAsync(await client.DeleteAsync($"/v1/extractions/{id}"), HttpStatusCode.OK);
        Assert.True(deleted.GetProperty("data").GetProperty("deleted").GetBoolean());
        Json.IsDocmapError(await Json.ReadAsync(await client.GetAsync($"/v1/extractions/{id}"), HttpStatusCode.NotFound), "NOT_FOUND");
        Json.IsDocmapError(await Json.ReadAsync(await client.DeleteAsync($"/v1/extractions/{id}"), HttpStatusCode.NotFound), "NOT_FOUND");
        Json.IsDocmapError(await Json.ReadAsync(await client.DeleteAsync("/v1/extractions/not-an-id"), HttpStatusCode.NotFound), "NOT_FOUND");
        await api.WithDbAsync(async db => Assert.False(await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.Blobs, b => b.JobId == Guid.Parse(id!))));

        // A deleted extraction still counts: usage is what was started this month.
        for (var i = 1; i < MonthlyLimit; i++)
        {
            await Json.ReadAsync(await client.PostAsync("/v1/extractions/run?async=true", Json.Body(Run(templateId, DocxInvoice(), DocxMime))), HttpStatusCode.Accepted);
        }
        Assert.Equal(MonthlyLimit, (await Json.ReadAsync(await client.GetAsync("/v1/usage"), HttpStatusCode.OK)).GetProperty("data").GetProperty("usage").GetInt32());
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions/run", Json.Body(Run(templateId, DocxInvoice(), DocxMime))), HttpStatusCode.TooManyRequests),
            "USAGE_LIMIT_EXCEEDED");
        var listed = await Json.ReadAsync(await client.GetAsync("/v1/extractions?limit=100"), HttpStatusCode.OK);
        Assert.Equal(MonthlyLimit - 1, listed.GetProperty("data").GetArrayLength());
        Assert.Equal(MonthlyLimit, (await Json.ReadAsync(await client.GetAsync("/v1/usage"), HttpStatusCode.OK)).GetProperty("data").GetProperty("usage").GetInt32());
    }
}
