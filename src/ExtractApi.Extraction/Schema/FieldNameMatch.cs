using System.Collections.Concurrent;
using System.Text;

namespace ExtractApi.Extraction;

/// <summary>
/// Scores how well a label found on a page (a JSON-LD key, a meta name, a table header, "Invoice #")
/// names a schema field. Names are compared as lowercase word lists, so snake_case, camelCase,
/// kebab-case, spacing and case do not matter; a small synonym table covers the words invoices and
/// shops use for the same thing.
/// </summary>
internal static class FieldNameMatch
{
    public const double Exact = 1.0;
    public const double Synonym = 0.9;
    public const double Description = 0.75;
    public const double Partial = 0.65;
    /// <summary>The weakest score that still counts as a match.</summary>
    public const double Threshold = 0.6;

    // Each group is one meaning; members are joined lowercase words ("amountdue" for "Amount due").
    private static readonly string[][] SynonymGroups =
    [
        ["price", "cost", "amount", "betrag", "montant", "importe", "priceamount", "saleprice", "ourprice", "currentprice", "offerprice", "unitcost", "lowprice", "preis", "prix", "precio"],
        ["invoicenumber", "invoiceno", "invoicenum", "invoiceid", "invoice", "invoiceref", "invoicereference", "billnumber", "billno", "rechnungsnummer", "rechnungsnr", "numerodefacture", "ndefacture", "nodefacture", "numerofactura", "nodefactura", "facturanumero"],
        ["total", "totaldue", "amountdue", "grandtotal", "balancedue", "totalamount", "amounttotal", "totalprice", "totalpayable", "amountpayable", "gesamtbetrag", "summe", "gesamt", "endbetrag", "rechnungsbetrag", "totalttc", "montanttotal", "netapayer", "totalapagar", "importetotal"],
        ["date", "issued", "issuedate", "dateissued", "invoicedate", "issuedon", "dateofissue", "billdate", "datum", "rechnungsdatum", "fecha", "datedefacture", "datedemission", "fechadeemision", "fechadefactura"],
        ["duedate", "paymentdue", "due", "dueon", "paymentduedate", "fälligkeitsdatum", "fälligam", "zahlbarbis", "échéance", "datedéchéance", "vencimiento", "fechadevencimiento"],
        ["vendor", "supplier", "seller", "merchant", "soldby", "billedfrom", "from", "vendorname", "suppliername", "sellername", "issuer", "lieferant", "verkäufer", "rechnungssteller", "fournisseur", "vendeur", "proveedor", "vendedor", "emisor"],
        ["customer", "billto", "client", "buyer", "soldto", "customername", "clientname", "billedto", "kunde", "rechnungsempfänger", "cliente", "destinataire"],
        ["sku", "itemnumber", "itemno", "productcode", "partnumber", "partno", "productid", "articlenumber", "itemcode", "mpn"],
        ["quantity", "qty", "count", "units", "quantityordered", "menge", "anzahl", "quantité", "cantidad", "cant"],
        ["unitprice", "rate", "priceperunit", "each", "unitcost", "einzelpreis", "prixunitaire", "preciounitario", "puht"],
        ["linetotal", "lineamount", "extendedprice", "subtotalline"],
        ["subtotal", "nettotal", "net", "subtotalamount", "zwischensumme", "nettobetrag", "soustotal", "totalht", "baseimponible"],
        ["tax", "vat", "salestax", "gst", "taxamount", "vatamount", "mwst", "ust", "mehrwertsteuer", "umsatzsteuer", "tva", "iva"],
        ["name", "title", "productname", "headline", "producttitle", "itemname", "product"],
        ["description", "summary", "details", "itemdescription", "productdescription", "abstract", "beschreibung", "bezeichnung", "désignation", "designation", "descripción", "descripcion", "concepto", "libellé"],
        ["brand", "manufacturer", "make", "brandname"],
        ["author", "by", "writer", "creator", "authorname", "byline"],
        ["datepublished", "publishdate", "published", "publicationdate", "publishedtime", "publishedon", "postedon", "publisheddate", "releasedate"],
        ["datemodified", "modified", "modifiedtime", "updated", "lastupdated", "updatedon", "lastmodified"],
        ["availability", "instock", "stock", "stockstatus", "available", "inventory"],
        ["rating", "ratingvalue", "averagerating", "stars", "score", "reviewrating"],
        ["reviewcount", "reviews", "numberofreviews", "ratingcount", "reviewscount"],
        ["currency", "pricecurrency", "currencycode"],
        ["email", "emailaddress", "mail", "contactemail"],
        ["phone", "telephone", "tel", "phonenumber", "contactphone"],
        ["url", "link", "href", "website", "pageurl", "canonicalurl"],
        ["image", "imageurl", "img", "photo", "picture", "thumbnail", "mainimage"],
        ["publisher", "sitename", "site", "source", "publication"],
        ["weight", "netweight", "itemweight"],
        ["color", "colour"],
        ["keywords", "tags", "topics"],
        ["category", "section", "articlesection", "department"],
        ["address", "streetaddress", "location", "venue", "place"],
        ["ponumber", "purchaseorder", "purchaseordernumber", "po", "pono"],
    ];

    private static readonly Dictionary<string, string[]> SynonymsByWord = BuildSynonymIndex();

    private static Dictionary<string, string[]> BuildSynonymIndex()
    {
        var index = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in SynonymGroups)
        {
            foreach (var member in group)
            {
                index[member] = index.TryGetValue(member, out var existing) ? [.. existing.Union(group)] : group;
            }
        }
        return index;
    }

    /// <summary>Splits a name or label into lowercase words: "invoiceNumber", "Invoice #", "invoice_no." → invoice, number.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length == 0)
            {
                return;
            }
            var word = current.ToString().ToLowerInvariant();
            current.Clear();
            // "No." and "Nr" after another word mean number, as in "Invoice No."
            words.Add(word is "no" or "nr" or "num" && words.Count > 0 ? "number" : word);
        }
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var startsWord = current.Length > 0 && char.IsUpper(c)
                    && (char.IsLower(current[^1]) || (i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(current[^1])));
                if (startsWord)
                {
                    Flush();
                }
                current.Append(c);
            }
            else
            {
                Flush();
                if (c == '#')
                {
                    words.Add("number");
                }
            }
        }
        Flush();
        return words;
    }

    public static string Joined(string text) => string.Concat(Words(text));

    private static string Singular(string joined) =>
        joined.Length > 3 && joined.EndsWith('s') && !joined.EndsWith("ss", StringComparison.Ordinal) ? joined[..^1] : joined;

    /// <summary>The precomputed forms of a field's name and description that labels are compared against.</summary>
    public static FieldTerms TermsFor(string name, string? description)
    {
        var words = Words(name);
        var joined = string.Concat(words);
        var synonyms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in new[] { joined, Singular(joined) })
        {
            if (SynonymsByWord.TryGetValue(form, out var group))
            {
                synonyms.UnionWith(group);
            }
        }
        var descriptionWords = description is null ? [] : Words(description).ToHashSet(StringComparer.Ordinal);
        return new FieldTerms(joined, Singular(joined), words, synonyms, descriptionWords, description is null ? null : Joined(description));
    }

    /// <param name="Numbers">The numbers the label carries ("13" in "ISBN-13"), which tell apart labels that are otherwise the same.</param>
    private sealed record LabelWords(IReadOnlyList<string> Words, string Joined, string Singular, IReadOnlyList<string> Numbers);

    // Pages repeat the same keys and labels ("name", "price", "Total due"): splitting each once
    // keeps matching cheap. Bounded, since labels come from arbitrary pages.
    private static readonly ConcurrentDictionary<string, LabelWords> LabelCache = new(StringComparer.Ordinal);
    private const int LabelCacheLimit = 100_000;

    private static LabelWords LabelOf(string label, bool remember)
    {
        if (LabelCache.TryGetValue(label, out var cached))
        {
            return cached;
        }
        // Numbers in a label are rates and units ("Tax (20%)", "MwSt. 19 %"), not part of the name.
        var allWords = Words(label);
        var words = allWords.Where(w => !w.All(char.IsDigit)).ToList();
        var joined = string.Concat(words);
        var result = new LabelWords(words, joined, Singular(joined), [.. allWords.Where(w => w.All(char.IsDigit))]);
        if (remember && label.Length <= 40 && LabelCache.Count < LabelCacheLimit)
        {
            LabelCache.TryAdd(label, result);
        }
        return result;
    }

    /// <summary>How well <paramref name="label"/> names the field: 0 (not at all) to 1 (the same name).</summary>
    /// <param name="remember">False for one-off candidates (line prefixes) that should not fill the cache.</param>
    public static double Score(FieldTerms field, string label, bool remember = true)
    {
        var (labelWords, labelJoined, labelSingular, labelNumbers) = LabelOf(label, remember);
        if (labelWords.Count == 0 || field.Joined.Length == 0)
        {
            return 0;
        }
        // A field named with a number ("isbn_13") is the label with that number: "ISBN-13" exactly, never "ISBN-10".
        if (field.Numbers.Count > 0 && labelNumbers.Count > 0)
        {
            if (!labelNumbers.SequenceEqual(field.Numbers))
            {
                return 0;
            }
            if (field.JoinedWithoutNumbers == labelJoined)
            {
                return Exact;
            }
        }
        if (labelJoined == field.Joined || labelSingular == field.Singular)
        {
            return Exact;
        }
        if (field.Synonyms.Contains(labelJoined) || field.Synonyms.Contains(labelSingular))
        {
            return Synonym;
        }
        // The description names the label outright, or (for labels of two words or more) holds all its words.
        if (field.DescriptionJoined is not null
            && (field.DescriptionJoined == labelJoined || (labelWords.Count >= 2 && ContainsAll(field.DescriptionWords, labelWords))))
        {
            return Description;
        }
        // One name holding every word of the other ("product_name" ~ "Name", "Total (USD)" ~ "total").
        var fieldWords = field.Words;
        if (labelWords.Count <= 4 && (ContainsAll(labelWords, fieldWords) || ContainsAll(fieldWords, labelWords)))
        {
            // The most specific label wins among partial ones: "Publication date" over "Date" for publication_date.
            return Partial + (0.01 * Math.Min(5, labelWords.Count(fieldWords.Contains)));
        }
        return 0;
    }

    /// <summary>Whether every one of <paramref name="words"/> is in <paramref name="container"/> (a plain loop: this runs for every label and field).</summary>
    private static bool ContainsAll(IEnumerable<string> container, IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!container.Contains(words[i]))
            {
                return false;
            }
        }
        return true;
    }
}
