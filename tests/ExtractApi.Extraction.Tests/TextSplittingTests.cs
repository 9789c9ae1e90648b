using AngleSharp.Html.Parser;

namespace ExtractApi.Extraction.Tests;

/// <summary>The hand-written text helpers that replaced regular expressions on the hot path: same results as the rules they state.</summary>
public class TextSplittingTests
{
    [Theory]
    [InlineData("  a \t b\n\nc  ", "a b c")]
    [InlineData("a\u00A0\u00A0b", "a b")]
    [InlineData("\r\n\t ", "")]
    [InlineData("", "")]
    [InlineData("one two", "one two")]
    [InlineData("one  two", "one two")]
    [InlineData("one\ttwo", "one two")]
    public void Whitespace_is_collapsed_to_single_spaces_and_trimmed(string text, string expected)
    {
        Assert.Equal(expected, ValueCoercion.CollapseWhitespace(text));
    }

    [Fact]
    public void Text_that_is_already_collapsed_is_returned_as_it_is()
    {
        var text = "Already clean text";
        Assert.Same(text, ValueCoercion.CollapseWhitespace(text));
    }

    [Fact]
    public void Lines_are_split_at_line_ends_and_cells_at_tabs_with_empty_ones_dropped()
    {
        var writer = new LineWriter();
        writer.Write("  First   line \n\n\t\t second\t  \t third  cell \n");
        writer.Write('\t');
        writer.Write("   ");
        writer.Write('\n');
        writer.Write("last");

        Assert.Equal(["First line", "second\tthird cell", "last"], writer.Finish());
    }

    [Theory]
    [InlineData("Total due    $1,234.00", new[] { "Total due", "$1,234.00" })]
    [InlineData("Qty\tDescription\t Price ", new[] { "Qty", "Description", "Price" })]
    [InlineData("  single cell line ", new[] { "single cell line" })]
    [InlineData("a \t b", new[] { "a", "b" })]
    [InlineData("   ", new string[0])]
    public void Cells_are_split_at_tabs_and_gaps_of_two_spaces(string line, string[] expected)
    {
        Assert.Equal(expected, TextLayout.Cells(line));
    }

    [Fact]
    public void Record_shapes_compare_as_sets_of_tag_paths()
    {
        var document = new HtmlParser().ParseDocument("""
            <div id="a"><h3><a>x</a></h3><p>y</p><p>z</p></div>
            <div id="b"><h3><a>x</a></h3><p>y</p></div>
            <div id="c"><ul><li>1</li></ul></div>
            """);
        var a = RecordFinder.ShapeOf(document.GetElementById("a")!);
        var b = RecordFinder.ShapeOf(document.GetElementById("b")!);
        var c = RecordFinder.ShapeOf(document.GetElementById("c")!);

        Assert.Equal(3, a.Length); // div/h3, div/h3/a, div/p: the second p adds no new path.
        Assert.Equal(1.0, RecordFinder.Similarity(a, b));
        Assert.Equal(0.0, RecordFinder.Similarity(a, c));
        Assert.Equal(1.0, RecordFinder.Similarity([], []));
    }
}
