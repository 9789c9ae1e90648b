using System.Globalization;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace ExtractApi.Extraction.Tests;

/// <summary>One line of a generated invoice.</summary>
public sealed record InvoiceLine(string Description, int Quantity, decimal UnitPrice)
{
    public decimal Amount => Quantity * UnitPrice;
}

/// <summary>
/// Writes a real two-page invoice PDF with PdfPig's document builder: vendor, invoice number,
/// dates and customer on page one, line items across both pages (header repeated), totals at
/// the end of page two. Columns are placed at fixed x positions, as invoice software does.
/// </summary>
public static class InvoicePdf
{
    public const string Vendor = "ACME Supplies Ltd.";
    public const string VendorAddress = "12 Harbour Road, Bristol BS1 4QA";
    public const string InvoiceNumber = "INV-2024-0042";
    public const string Customer = "Globex Corporation";
    public const decimal TaxRate = 0.20m;

    public static IReadOnlyList<InvoiceLine> Lines { get; } =
    [
        new("Steel bolts M8 (box of 100)", 4, 12.50m),
        new("Hex nuts M8 (box of 100)", 4, 6.25m),
        new("Cordless drill 18V", 1, 129.00m),
        new("Drill bit set, 15 pieces", 2, 24.99m),
        new("Safety goggles", 10, 3.40m),
        new("Work gloves, size L", 10, 4.75m),
        new("Measuring tape 5 m", 3, 8.90m),
        new("Spirit level 60 cm", 1, 19.95m),
        new("Extension cable 25 m", 2, 34.00m),
        new("Cable ties (pack of 200)", 5, 5.60m),
        new("Wood screws assortment", 2, 15.30m),
        new("Delivery", 1, 1250.00m),
    ];

    public static decimal Subtotal => Lines.Sum(l => l.Amount);
    public static decimal Tax => Math.Round(Subtotal * TaxRate, 2);
    public static decimal Total => Subtotal + Tax;

    private static string Money(decimal amount) => "$" + amount.ToString("#,##0.00", CultureInfo.InvariantCulture);

    public static byte[] Build()
    {
        var builder = new PdfDocumentBuilder();
        var regular = builder.AddStandard14Font(Standard14Font.Helvetica);
        var bold = builder.AddStandard14Font(Standard14Font.HelveticaBold);

        var first = builder.AddPage(PageSize.A4);
        first.AddText(Vendor, 16, new PdfPoint(50, 790), bold);
        first.AddText("INVOICE", 20, new PdfPoint(420, 790), bold);
        first.AddText($"Vendor: {Vendor}", 10, new PdfPoint(50, 760), regular);
        first.AddText($"Vendor Address: {VendorAddress}", 10, new PdfPoint(50, 745), regular);
        first.AddText($"Invoice #: {InvoiceNumber}", 10, new PdfPoint(50, 715), regular);
        first.AddText("Invoice Date: March 15, 2024", 10, new PdfPoint(50, 700), regular);
        first.AddText("Due Date: 14/04/2024", 10, new PdfPoint(50, 685), regular);
        first.AddText($"Bill To: {Customer}", 10, new PdfPoint(50, 670), regular);
        var y = AddItems(first, regular, bold, Lines.Take(8), 630);
        first.AddText("Continued on page 2", 9, new PdfPoint(50, y - 20), regular);
        first.AddText("Page 1 of 2", 9, new PdfPoint(270, 40), regular);

        var second = builder.AddPage(PageSize.A4);
        second.AddText($"{Vendor} - invoice {InvoiceNumber} (continued)", 10, new PdfPoint(50, 790), regular);
        y = AddItems(second, regular, bold, Lines.Skip(8), 750);
        second.AddText("Subtotal", 10, new PdfPoint(370, y - 20), regular);
        second.AddText(Money(Subtotal), 10, new PdfPoint(470, y - 20), regular);
        second.AddText("Tax (20%)", 10, new PdfPoint(370, y - 35), regular);
        second.AddText(Money(Tax), 10, new PdfPoint(470, y - 35), regular);
        second.AddText("Total Due", 10, new PdfPoint(370, y - 50), bold);
        second.AddText(Money(Total), 10, new PdfPoint(470, y - 50), bold);
        second.AddText("Payment terms: 30 days. Thank you for your business.", 9, new PdfPoint(50, y - 90), regular);
        second.AddText("Page 2 of 2", 9, new PdfPoint(270, 40), regular);
        return builder.Build();
    }

    private static double AddItems(PdfPageBuilder page, PdfDocumentBuilder.AddedFont regular, PdfDocumentBuilder.AddedFont bold, IEnumerable<InvoiceLine> lines, double y)
    {
        page.AddText("Description", 10, new PdfPoint(50, y), bold);
        page.AddText("Qty", 10, new PdfPoint(300, y), bold);
        page.AddText("Unit Price", 10, new PdfPoint(370, y), bold);
        page.AddText("Amount", 10, new PdfPoint(470, y), bold);
        foreach (var line in lines)
        {
            y -= 18;
            page.AddText(line.Description, 10, new PdfPoint(50, y), regular);
            page.AddText(line.Quantity.ToString(CultureInfo.InvariantCulture), 10, new PdfPoint(300, y), regular);
            page.AddText(Money(line.UnitPrice), 10, new PdfPoint(370, y), regular);
            page.AddText(Money(line.Amount), 10, new PdfPoint(470, y), regular);
        }
        return y;
    }
}
