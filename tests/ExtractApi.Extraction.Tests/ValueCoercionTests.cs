namespace ExtractApi.Extraction.Tests;

public class ValueCoercionTests
{
    [Theory]
    [InlineData("$1,234.56", 1234.56)]
    [InlineData("1.234,56 €", 1234.56)]
    [InlineData("EUR 1 234,56", 1234.56)]
    [InlineData("CHF 1'234.50", 1234.50)]
    [InlineData("£12.50", 12.50)]
    [InlineData("12,50", 12.50)]
    [InlineData("1,234", 1234)]
    [InlineData("1.234.567", 1234567)]
    [InlineData("USD 99", 99)]
    [InlineData("From $1,299.00 per unit", 1299)]
    [InlineData("15%", 15)]
    [InlineData("-$5.00", -5)]
    [InlineData("($42.10)", -42.10)]
    [InlineData("¥ 3000", 3000)]
    [InlineData("4.6 out of 5", 4.6)]
    [InlineData("1.2k followers", 1200)]
    [InlineData("$3.5M", 3500000)]
    [InlineData("5 km", 5)]
    [InlineData("2,4 kg", 2.4)]
    public void Numbers_are_read_whatever_the_currency_and_separators(string text, double expected)
    {
        Assert.True(ValueCoercion.TryNumber(text, out var value));
        Assert.Equal((decimal)expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("call for price")]
    [InlineData("N/A")]
    public void Text_without_digits_is_not_a_number(string text) => Assert.False(ValueCoercion.TryNumber(text, out _));

    [Theory]
    [InlineData("3 items", 3)]
    [InlineData("1,204 reviews", 1204)]
    [InlineData("Qty: 12", 12)]
    [InlineData("3.0", 3)]
    [InlineData("1.234 Bewertungen", 1234)]
    [InlineData("12k views", 12000)]
    public void Whole_numbers_are_read_from_counts(string text, long expected)
    {
        Assert.True(ValueCoercion.TryInteger(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void A_fraction_is_not_a_whole_number() => Assert.False(ValueCoercion.TryInteger("3.5", out _));

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Y", true)]
    [InlineData("TRUE", true)]
    [InlineData("In stock", true)]
    [InlineData("In stock (12 left)", true)]
    [InlineData("https://schema.org/InStock", true)]
    [InlineData("available", true)]
    [InlineData("Yes, fully waterproof", true)]
    [InlineData("No - sold separately", false)]
    [InlineData("no", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("Out of stock", false)]
    [InlineData("Sold out", false)]
    [InlineData("http://schema.org/OutOfStock", false)]
    public void Booleans_are_read_from_yes_no_and_stock_words(string text, bool expected)
    {
        Assert.True(ValueCoercion.TryBoolean(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Other_words_are_not_booleans() => Assert.False(ValueCoercion.TryBoolean("perhaps", out _));

    [Theory]
    [InlineData("2024-03-15", "2024-03-15")]
    [InlineData("2024-03-15T10:00:00Z", "2024-03-15")]
    [InlineData("2024/03/15", "2024-03-15")]
    [InlineData("15/03/2024", "2024-03-15")]
    [InlineData("03/15/2024", "2024-03-15")]
    [InlineData("04/03/2024", "2024-04-03")]
    [InlineData("15.03.2024", "2024-03-15")]
    [InlineData("04.03.2024", "2024-03-04")]
    [InlineData("March 15, 2024", "2024-03-15")]
    [InlineData("Mar 15 2024", "2024-03-15")]
    [InlineData("Sept. 5, 2024", "2024-09-05")]
    [InlineData("15 March 2024", "2024-03-15")]
    [InlineData("15th March 2024", "2024-03-15")]
    [InlineData("15-Mar-2024", "2024-03-15")]
    [InlineData("Friday, March 15, 2024", "2024-03-15")]
    [InlineData("Issued on 1 Feb 2024", "2024-02-01")]
    [InlineData("1/2/24", "2024-01-02")]
    [InlineData("15. März 2024", "2024-03-15")]
    [InlineData("3 févr. 2024", "2024-02-03")]
    [InlineData("15 de marzo de 2024", "2024-03-15")]
    [InlineData("1er juillet 2024", "2024-07-01")]
    [InlineData("Order of 12 items 2024, shipped 15 March 2024", "2024-03-15")]
    public void Dates_in_common_formats_become_iso_8601(string text, string expected)
    {
        Assert.True(ValueCoercion.TryDate(text, out var date));
        Assert.Equal(expected, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("13/13/2024")]
    [InlineData("Marchland 5, 2024")]
    [InlineData("soon")]
    public void Impossible_dates_are_rejected(string text) => Assert.False(ValueCoercion.TryDate(text, out _));

    [Theory]
    [InlineData("2024-03-15T09:30:00+01:00", "2024-03-15T09:30:00+01:00")]
    [InlineData("2024-03-15 09:30", "2024-03-15T09:30:00+00:00")]
    [InlineData("March 3, 2025 2:05 PM", "2025-03-03T14:05:00+00:00")]
    [InlineData("15/03/2024", "2024-03-15T00:00:00+00:00")]
    public void Date_times_keep_their_zone_or_are_utc(string text, string expected)
    {
        Assert.True(ValueCoercion.TryDateTime(text, out var value));
        Assert.Equal(expected, value.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("in stock", "InStock")]
    [InlineData("https://schema.org/InStock", "InStock")]
    [InlineData("IN_STOCK", "InStock")]
    [InlineData("usd", "USD")]
    [InlineData("Currently out of stock", "OutOfStock")]
    public void Enums_match_ignoring_case_and_spacing(string text, string expected) =>
        Assert.Equal(expected, ValueCoercion.MatchEnum(text, ["InStock", "OutOfStock", "USD"]));

    [Fact]
    public void Enum_without_a_match_is_null() => Assert.Null(ValueCoercion.MatchEnum("backordered", ["InStock", "OutOfStock"]));

    [Theory]
    [InlineData("mailto:sales@acme.example", "sales@acme.example")]
    [InlineData("Contact: jane.doe+news@mail.example.org today", "jane.doe+news@mail.example.org")]
    public void Email_addresses_are_found_in_text(string text, string expected) => Assert.Equal(expected, ValueCoercion.FindEmail(text));

    [Theory]
    [InlineData("invoice_number", "Invoice #", FieldNameMatch.Exact)]
    [InlineData("invoice_number", "Invoice No.", FieldNameMatch.Exact)]
    [InlineData("invoice_number", "Invoice ID", FieldNameMatch.Synonym)]
    [InlineData("invoiceNumber", "INVOICE NUMBER", FieldNameMatch.Exact)]
    [InlineData("total", "Amount due", FieldNameMatch.Synonym)]
    [InlineData("total", "Total due", FieldNameMatch.Synonym)]
    [InlineData("date", "Issued", FieldNameMatch.Synonym)]
    [InlineData("vendor", "Supplier", FieldNameMatch.Synonym)]
    [InlineData("sku", "Item #", FieldNameMatch.Synonym)]
    [InlineData("price", "cost", FieldNameMatch.Synonym)]
    [InlineData("unitPrice", "unit-price", FieldNameMatch.Exact)]
    [InlineData("total", "Subtotal", 0)]
    [InlineData("price", "Description", 0)]
    [InlineData("invoice_number", "Rechnungsnummer", FieldNameMatch.Synonym)]
    [InlineData("total", "Gesamtbetrag", FieldNameMatch.Synonym)]
    [InlineData("quantity", "Quantité", FieldNameMatch.Synonym)]
    [InlineData("tax", "IVA", FieldNameMatch.Synonym)]
    public void Labels_match_field_names_through_case_and_synonyms(string field, string label, double expected) =>
        Assert.Equal(expected, FieldNameMatch.Score(FieldNameMatch.TermsFor(field, null), label));
}
