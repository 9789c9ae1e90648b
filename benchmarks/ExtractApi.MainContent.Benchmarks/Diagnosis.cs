using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.MainContent.Benchmarks;

/// <summary>
/// What the kept-but-wrong text is, aggregated over the corpus (<c>--diagnose</c>): the main content (as the cleaned HTML) is cut into
/// text blocks (each block element with the inline text directly in it), every 4-token shingle of the page's
/// text is charged to the block it starts in, and the shingles the article body lacks are the block's false
/// positives. A block's cost is its share of the page's shingles over the number of pages: precision points,
/// as the benchmark averages them. Printed by the block's tag and class words, by its ancestors' words, and
/// the costliest blocks themselves.
/// </summary>
internal static partial class Diagnosis
{
    private const int ShingleLength = 4;

    [GeneratedRegex(@"\w+")]
    private static partial Regex Token();

    public static void Print(IReadOnlyList<CorpusPage> pages, int top)
    {
        var byBlock = new Dictionary<string, Cost>(StringComparer.Ordinal);
        var byContext = new Dictionary<string, Cost>(StringComparer.Ordinal);
        var blocks = new List<(double Points, string Page, string Text)>();
        foreach (var page in pages)
        {
            // The cleaned HTML holds what the Markdown is written from (hidden elements already out).
            var cleaned = PageConverter.Convert(page.Html, page.Url, ConversionOptions.Default).Html!;
            var document = HtmlDocumentParser.Parse(cleaned);
            var content = document.Body ?? document.DocumentElement;
            var textBlocks = TextBlocks(content);
            var stream = new List<(string Token, int Block)>();
            for (var b = 0; b < textBlocks.Count; b++)
            {
                stream.AddRange(Token().Matches(textBlocks[b].Text).Select(match => (match.Value, b)));
            }

            var expected = Shingles(Token().Matches(page.Expected).Select(match => match.Value).ToList());
            var shingleCount = Math.Max(1, stream.Count - ShingleLength + 1);
            var wrong = new int[textBlocks.Count];
            for (var i = 0; i + ShingleLength <= stream.Count; i++)
            {
                var shingle = string.Join('\u0001', stream.Skip(i).Take(ShingleLength).Select(entry => entry.Token));
                if (expected.TryGetValue(shingle, out var left) && left > 0)
                {
                    expected[shingle] = left - 1;
                }
                else
                {
                    wrong[stream[i].Block]++;
                }
            }

            for (var b = 0; b < textBlocks.Count; b++)
            {
                if (wrong[b] == 0)
                {
                    continue;
                }

                var points = 100.0 * wrong[b] / shingleCount / pages.Count;
                Charge(byBlock, textBlocks[b].Name, points, page.Id);
                Charge(byContext, textBlocks[b].Context, points, page.Id);
                blocks.Add((points, page.Id[..8], textBlocks[b].Name + "  " + Shorten(textBlocks[b].Text)));
            }
        }

        Console.WriteLine($"Kept but not in the article body, in precision points (total {byBlock.Values.Sum(cost => cost.Points):F2}):");
        Print("by block (tag.class words)", byBlock, top);
        Print("by ancestors with class or id (nearest first)", byContext, top);
        Console.WriteLine("  costliest blocks:");
        foreach (var (points, page, text) in blocks.OrderByDescending(block => block.Points).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {points:F3}  {page}  {text}"));
        }
    }

    private static void Print(string title, Dictionary<string, Cost> costs, int top)
    {
        Console.WriteLine($"  {title}:");
        foreach (var (name, cost) in costs.OrderByDescending(entry => entry.Value.Points).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {cost.Points:F3}  {cost.Pages.Count,3} pages  {name}"));
        }
    }

    private static void Charge(Dictionary<string, Cost> costs, string key, double points, string page)
    {
        if (!costs.TryGetValue(key, out var cost))
        {
            costs[key] = cost = new Cost();
        }

        cost.Points += points;
        cost.Pages.Add(page);
    }

    /// <summary>Block elements in document order, each with the text directly in it or in its inline children.</summary>
    private static List<TextBlock> TextBlocks(IElement root)
    {
        var blocks = new List<TextBlock>();
        var open = new Dictionary<IElement, StringBuilder>();
        var order = new List<IElement>();
        foreach (var node in root.GetDescendants())
        {
            if (node is not IText text || string.IsNullOrWhiteSpace(text.Data))
            {
                continue;
            }

            var block = text.ParentElement;
            while (block is not null && block != root && !IsBlock(block.LocalName))
            {
                block = block.ParentElement;
            }

            block ??= root;
            if (!open.TryGetValue(block, out var builder))
            {
                open[block] = builder = new StringBuilder();
                order.Add(block);
            }

            builder.Append(text.Data).Append(' ');
        }

        foreach (var element in order)
        {
            blocks.Add(new TextBlock(Describe(element), Context(element, root), open[element].ToString()));
        }

        return blocks;
    }

    private static string Context(IElement element, IElement root)
    {
        var names = new List<string>();
        for (var ancestor = element.ParentElement; ancestor is not null && names.Count < 2; ancestor = ancestor.ParentElement)
        {
            if (!string.IsNullOrEmpty(ancestor.ClassName) || !string.IsNullOrEmpty(ancestor.Id))
            {
                names.Add(Describe(ancestor));
            }

            if (ancestor == root)
            {
                break;
            }
        }

        return Describe(element) + " < " + string.Join(" < ", names);
    }

    private static string Describe(IElement element)
    {
        var words = (element.ClassName ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3);
        var id = string.IsNullOrEmpty(element.Id) ? "" : "#" + element.Id;
        return element.LocalName + id + string.Concat(words.Select(word => "." + word));
    }

    private static bool IsBlock(string name) => name is "p" or "div" or "section" or "article" or "main" or "ul" or "ol" or "li"
        or "table" or "tr" or "td" or "th" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "pre" or "blockquote"
        or "figure" or "figcaption" or "header" or "footer" or "aside" or "nav" or "form" or "dl" or "dd" or "dt"
        or "address" or "details" or "fieldset" or "body";

    private static Dictionary<string, int> Shingles(List<string> tokens)
    {
        var shingles = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + ShingleLength <= tokens.Count; i++)
        {
            var shingle = string.Join('\u0001', tokens.Skip(i).Take(ShingleLength));
            shingles[shingle] = shingles.GetValueOrDefault(shingle) + 1;
        }

        return shingles;
    }

    private static string Shorten(string text)
    {
        var collapsed = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= 110 ? collapsed : collapsed[..110] + "…";
    }

    private sealed record TextBlock(string Name, string Context, string Text);

    private sealed class Cost
    {
        public double Points { get; set; }

        public HashSet<string> Pages { get; } = [];
    }
}
