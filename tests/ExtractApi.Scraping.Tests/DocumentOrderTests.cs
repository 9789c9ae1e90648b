using AngleSharp.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.Scraping.Tests;

/// <summary>The walk without recursion visits, enters and leaves nodes as a recursive walk would, however deep the page.</summary>
public sealed class DocumentOrderTests
{
    private const string Page = "<html><body><div id=a>one<p id=b>two<b id=c>three</b></p><script id=s>x</script><ul id=d><li id=e>four</li><li id=f></li></ul></div>five<hr id=g></body></html>";

    private static string Name(INode node) => node is IElement element ? element.Id ?? element.LocalName : node.TextContent;

    [Fact]
    public void Walk_enters_and_leaves_as_a_recursive_walk_does()
    {
        var body = HtmlDocumentParser.Parse(Page).Body!;
        var expected = new List<string>();
        void Recurse(INode parent)
        {
            foreach (var child in parent.ChildNodes)
            {
                expected.Add("+" + Name(child));
                if (child is IElement { LocalName: not "script" })
                {
                    Recurse(child);
                    expected.Add("-" + Name(child));
                }
            }
        }
        Recurse(body);

        var walked = new List<string>();
        DocumentOrder.Walk(body, node =>
        {
            walked.Add("+" + Name(node));
            return node is IElement { LocalName: not "script" };
        }, node => walked.Add("-" + Name(node)));
        Assert.Equal(expected, walked);
        Assert.Equal("c", DocumentOrder.FirstElement(body, e => e.LocalName == "b")?.Id);
        Assert.Null(DocumentOrder.FirstElement(body.QuerySelector("#d")!, e => e.LocalName == "p"));
    }

    [Fact]
    public void Walk_takes_no_stack_on_a_page_nested_to_the_cap()
    {
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 5_000)) + "deep" + "</body></html>";
        var body = HtmlDocumentParser.Parse(html).Body!;
        var depth = 0;
        var deepest = 0;
        var thread = new Thread(() => DocumentOrder.Walk(body, node =>
        {
            deepest = Math.Max(deepest, ++depth);
            if (node is IElement) return true;
            depth--;
            return false;
        }, _ => depth--), maxStackSize: 128 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, depth);
        Assert.InRange(deepest, HtmlNesting.MaxDepth - 4, HtmlNesting.MaxDepth + 4);
    }
}
