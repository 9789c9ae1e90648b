using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ExtractApi.Tests.Infrastructure;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ExtractApi.Tests.EndToEnd;

/// <summary>Docmap: a real PDF invoice, generated here, uploaded and filled against a template.</summary>
public sealed class DocmapExtractionEndToEndTests(ExtractEndToEndTests.ExtractApiWithSite api) : IClassFixture<ExtractEndToEndTests.ExtractApiWithSite>
{
    private static byte[] Invoice()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        var y = 780;
        foreach (var line in new[] { "Acme Corp", "Invoice Number: INV-2024-001", "Invoice Date: March 15, 2024", "Bill To: Globex Ltd" })
        {
            page.AddText(line, 12, new PdfPoint(50, y), font);
            y -= 20;
        }
        var second = builder.AddPage(PageSize.A4);
        second.AddText("Vendor Name: Acme Corp", 12, new PdfPoint(50, 780), font);
        second.AddText("Total Amount: $1,250.00", 12, new PdfPoint(50, 760), font);
        return builder.Build();
    }

    private async Task<string> TemplateAsync(HttpClient client)
    {
        var created = await Json.ReadAsync(await client.PostAsync("/v1/templates", new StringContent("""
            {"name":"Invoice Template","variables":[
              {"name":"vendor_name","type":"string","description":"Name of the vendor or supplier"},
              {"name":"invoice_number","type":"string","description":"Invoice number"},
              {"name":"invoice_date","type":"date","description":"Date of the invoice"},
              {"name":"total_amount","type":"currency","description":"Total amount due"}]}
            """, Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        return created.GetProperty("data").Str("id")!;
    }

    private static MultipartFormDataContent Upload(byte[] file, string contentType, string? templateId, string fileName = "invoice-2024-001.pdf",
        bool asynchronous = false)
    {
        var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(part, "file", fileName);
        if (templateId is not null) form.Add(new StringContent(templateId), "templateId");
        if (asynchronous) form.Add(new StringContent("true"), "async");
        return form;
    }

    [Fact]
    public async Task A_pdf_invoice_is_filled_against_the_template()
    {
        var client = api.ClientFor("uid_docs");
        var templateId = await TemplateAsync(client);
        var record = await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload(Invoice(), "application/pdf", templateId)), HttpStatusCode.OK);
        var data = record.GetProperty("data");
        Assert.Equal("completed", data.Str("status"));
        Assert.Equal("invoice-2024-001.pdf", data.Str("fileName"));
        Assert.Equal("Invoice Template", data.Str("templateName"));
        Assert.Equal("uid_docs", data.Str("userId"));
        Assert.Equal("api", data.Str("source"));
        var extracted = data.GetProperty("extractedData");
        Assert.Equal("Acme Corp", extracted.Str("vendor_name"));
        Assert.Equal("INV-2024-001", extracted.Str("invoice_number"));
        Assert.Equal("2024-03-15", extracted.Str("invoice_date"));
        Assert.Equal(1250.00m, extracted.GetProperty("total_amount").GetDecimal());
        Assert.True(data.GetProperty("processingTimeMs").GetInt64() >= 0);

        var polled = await Json.ReadAsync(await client.GetAsync($"/v1/extractions/{data.Str("id")}"), HttpStatusCode.OK);
        Assert.Equal("INV-2024-001", polled.GetProperty("data").GetProperty("extractedData").Str("invoice_number"));
    }

    [Fact]
    public async Task Async_uploads_answer_202_processing_and_finish_later()
    {
        var client = api.ClientFor("uid_docs");
        var templateId = await TemplateAsync(client);
        var record = await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload(Invoice(), "application/pdf", templateId, asynchronous: true)), HttpStatusCode.Accepted);
        Assert.Equal("processing", record.GetProperty("data").Str("status"));
        record.GetProperty("data").IsNull("extractedData");
        var id = record.GetProperty("data").Str("id");
        for (var i = 0; i < 200; i++)
        {
            var polled = await Json.ReadAsync(await client.GetAsync($"/v1/extractions/{id}"), HttpStatusCode.OK);
            if (polled.GetProperty("data").Str("status") == "completed") return;
            await Task.Delay(100);
        }
        Assert.Fail("The async extraction never completed.");
    }

    [Fact]
    public async Task Bad_uploads_are_refused_in_docmap_shape()
    {
        var client = api.ClientFor("uid_docs");
        var templateId = await TemplateAsync(client);
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload(new byte[400_000], "application/pdf", templateId)), HttpStatusCode.RequestEntityTooLarge), "FILE_TOO_LARGE");
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload([1, 2, 3], "image/png", templateId, "x.png")), HttpStatusCode.BadRequest), "INVALID_MIME_TYPE");
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload(Invoice(), "application/pdf", null)), HttpStatusCode.BadRequest), "VALIDATION_ERROR");
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload(Invoice(), "application/pdf", "tmpl_doesnotexist00")), HttpStatusCode.NotFound), "NOT_FOUND");
        Json.IsDocmapError(await Json.ReadAsync(await api.ClientFor("uid_other").PostAsync("/v1/extractions", Upload(Invoice(), "application/pdf", templateId)), HttpStatusCode.Forbidden), "FORBIDDEN");
        Json.IsDocmapError(await Json.ReadAsync(await client.PostAsync("/v1/extractions", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.UnsupportedMediaType), "UNSUPPORTED_MEDIA_TYPE");

        // A damaged PDF is a failed extraction, not a server error.
        var broken = await Json.ReadAsync(await client.PostAsync("/v1/extractions", Upload("%PDF-1.7 garbage"u8.ToArray(), "application/pdf", templateId)), HttpStatusCode.OK);
        Assert.Equal("failed", broken.GetProperty("data").Str("status"));
        Assert.False(string.IsNullOrEmpty(broken.GetProperty("data").Str("error")));
    }
}
