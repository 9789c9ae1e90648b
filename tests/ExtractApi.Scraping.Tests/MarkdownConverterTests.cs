namespace ExtractApi.Scraping.Tests;

/// <summary>Golden tests: one construct per test, input HTML → exact Markdown.</summary>
public class MarkdownConverterTests
{
    private static readonly Uri PageUrl = new("https://example.com/docs/page.html");

    private static string Md(string body) => MarkdownConverter.Convert($"<!doctype html><html><head></head><body>{body}</body></html>", PageUrl);

    [Theory]
    [InlineData("<h1>Title</h1>", "# Title")]
    [InlineData("<h2>Sub <em>title</em></h2>", "## Sub *title*")]
    [InlineData("<h6>  spaced \n heading </h6>", "###### spaced heading")]
    [InlineData("<h3><a href=\"/x\">Linked</a></h3>", "### [Linked](https://example.com/x)")]
    [InlineData("<h2></h2><p>after</p>", "after")]
    [InlineData("<h2>Line<br>break</h2>", "## Line break")]
    public void Headings_are_atx_on_one_line(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void Paragraphs_are_separated_by_blank_lines() =>
        Assert.Equal("one\n\ntwo\n\nthree", Md("<p>one</p><p>two</p>three"));

    [Theory]
    [InlineData("<p>a <em>b</em> <strong>c</strong> <b>d</b> <i>e</i></p>", "a *b* **c** **d** *e*")]
    [InlineData("<p>a<strong> b </strong>c</p>", "a **b** c")]
    [InlineData("<p>a<em></em>b<strong> </strong>c</p>", "ab c")]
    [InlineData("<p><del>gone</del> <s>old</s></p>", "~~gone~~ ~~old~~")]
    [InlineData("<p>x<sup>2</sup> H<sub>2</sub>O</p>", "x2 H2O")]
    [InlineData("<p><strong><em>both</em></strong></p>", "***both***")]
    [InlineData("<p><b>split</b><b>bold</b> <b>apart</b></p>", "**splitbold** **apart**")]
    [InlineData("<p><strong>Note:</strong> text</p>", "**Note:** text")]
    [InlineData("<p><strong>Note:</strong>text</p>", "Note:text")]
    [InlineData("<p>foo<em>\"bar\"</em> baz</p>", "foo\"bar\" baz")]
    [InlineData("<p><b><i>(both)</i></b>x</p>", "(both)x")]
    [InlineData("<p><b>bold <b>inside</b> bold</b></p>", "**bold inside bold**")]
    [InlineData("<p><b>x.</b><i>y</i></p>", "x.*y*")]
    [InlineData("<p>a<br><strong>- x.</strong>y</p>", "a\\\n\\- x.y")]
    [InlineData("<p>Wow!<a href=\"/x\">link</a></p>", "Wow\\![link](https://example.com/x)")]
    public void Emphasis_and_strong(string html, string expected) => Assert.Equal(expected, Md(html));

    [Theory]
    [InlineData("<p>Use <code>var x = 1;</code> here</p>", "Use `var x = 1;` here")]
    [InlineData("<p><code>a`b</code></p>", "``a`b``")]
    [InlineData("<p><code>`tick</code></p>", "`` `tick ``")]
    [InlineData("<p><code>``</code></p>", "``` `` ```")]
    [InlineData("<p><code>a   \n  b</code></p>", "`a b`")]
    [InlineData("<p><code>*not emphasis*</code></p>", "`*not emphasis*`")]
    [InlineData("<p><kbd>Ctrl</kbd>+<kbd>C</kbd></p>", "`Ctrl`+`C`")]
    public void Code_spans_use_a_fence_longer_than_any_backtick_run(string html, string expected) => Assert.Equal(expected, Md(html));

    [Theory]
    [InlineData("<a href=\"/about\">About</a>", "[About](https://example.com/about)")]
    [InlineData("<a href=\"other.html\">Rel</a>", "[Rel](https://example.com/docs/other.html)")]
    [InlineData("<a href=\"#top\">Top</a>", "[Top](https://example.com/docs/page.html#top)")]
    [InlineData("<a href=\"https://x.org/a\" title=\"The &quot;X&quot;\">X</a>", "[X](https://x.org/a \"The \\\"X\\\"\")")]
    [InlineData("<a href=\"/wiki/Foo_(bar)\">Foo</a>", "[Foo](<https://example.com/wiki/Foo_(bar)>)")]
    [InlineData("<a href=\"/x\"></a>", "")]
    [InlineData("<a href=\"/x\" aria-label=\"Home\"><svg></svg></a>", "[Home](https://example.com/x)")]
    [InlineData("<a href=\"javascript:void(0)\">Click</a>", "Click")]
    [InlineData("<a name=\"anchor\">Plain</a>", "Plain")]
    [InlineData("<a href=\"mailto:a@b.org\">Mail</a>", "[Mail](mailto:a@b.org)")]
    [InlineData("<a href=\"/x\"><div>Card</div><p>text</p></a>", "[Card text](https://example.com/x)")]
    public void Links_are_absolute(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void Base_href_changes_where_relative_links_point() =>
        Assert.Equal("[A](https://cdn.example.org/base/a)",
            MarkdownConverter.Convert("<html><head><base href=\"https://cdn.example.org/base/\"></head><body><a href=\"a\">A</a></body></html>", PageUrl));

    [Theory]
    [InlineData("<img src=\"/i.png\" alt=\"An image\">", "![An image](https://example.com/i.png)")]
    [InlineData("<img src=\"i.png\">", "![](https://example.com/docs/i.png)")]
    [InlineData("<img src=\"i.png\" alt=\"a [b]\" title=\"t\">", "![a \\[b\\]](https://example.com/docs/i.png \"t\")")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\" data-src=\"/real.png\" alt=\"lazy\">", "![lazy](https://example.com/real.png)")]
    [InlineData("<img src=\"data:image/png;base64,AAAA\" alt=\"x\">", "")]
    [InlineData("<img alt=\"nosrc\">", "")]
    [InlineData("<a href=\"/p\"><img src=\"/t.jpg\" alt=\"thumb\"></a>", "[![thumb](https://example.com/t.jpg)](https://example.com/p)")]
    public void Images(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void Unordered_lists() =>
        Assert.Equal("- one\n- two\n- three", Md("<ul><li>one</li><li>two</li>\n<li> three </li></ul>"));

    [Fact]
    public void Ordered_lists_keep_their_start_number() =>
        Assert.Equal("7. seven\n8. eight", Md("<ol start=\"7\"><li>seven</li><li>eight</li></ol>"));

    [Fact]
    public void Reversed_ordered_lists_count_down() =>
        Assert.Equal("3. c\n2. b\n1. a", Md("<ol reversed><li>c</li><li>b</li><li>a</li></ol>"));

    [Fact]
    public void Nested_lists_are_indented_to_the_content_column() =>
        Assert.Equal("- a\n  - b\n    1. c\n    2. d\n- e",
            Md("<ul><li>a<ul><li>b<ol><li>c</li><li>d</li></ol></li></ul></li><li>e</li></ul>"));

    [Fact]
    public void Ten_plus_items_indent_nested_content_by_the_wider_marker() =>
        Assert.Equal("10. ten\n    - sub\n11. eleven",
            Md("<ol start=\"10\"><li>ten<ul><li>sub</li></ul></li><li>eleven</li></ol>"));

    [Fact]
    public void Multi_paragraph_items_indent_every_block() =>
        Assert.Equal("1. First para\n\n   Second para\n\n   ```\n   code\n   ```\n\n2. next",
            Md("<ol><li><p>First para</p><p>Second para</p><pre>code</pre></li><li>next</li></ol>"));

    [Fact]
    public void Text_after_a_nested_list_starts_a_new_paragraph_in_the_item() =>
        Assert.Equal("- a\n  - b\n\n  c", Md("<ul><li>a<ul><li>b</li></ul>c</li></ul>"));

    [Fact]
    public void Empty_list_items_disappear() =>
        Assert.Equal("- a\n- b", Md("<ul><li>a</li><li> </li><li>b</li></ul>"));

    [Fact]
    public void Task_list_checkboxes() =>
        Assert.Equal("- [x] done\n- [ ] todo", Md("<ul><li><input type=checkbox checked> done</li><li><input type=checkbox> todo</li></ul>"));

    [Fact]
    public void Table_with_thead() =>
        Assert.Equal("| Name | Age |\n| --- | --- |\n| Ann | 31 |\n| Bob | 42 |",
            Md("<table><thead><tr><th>Name</th><th>Age</th></tr></thead><tbody><tr><td>Ann</td><td>31</td></tr><tr><td>Bob</td><td>42</td></tr></tbody></table>"));

    [Fact]
    public void Table_without_thead_uses_the_first_row_as_header() =>
        Assert.Equal("| a | b |\n| --- | --- |\n| c | d |", Md("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>"));

    [Fact]
    public void Table_cells_are_flattened_and_pipes_escaped() =>
        Assert.Equal("| Key | Value |\n| --- | --- |\n| a\\|b | line one line two x\\|y `z` |",
            Md("<table><tr><th>Key</th><th>Value</th></tr><tr><td>a|b</td><td><p>line one</p><p>line<br>two <code>x|y</code> <code>z</code></p></td></tr></table>"));

    [Fact]
    public void Short_rows_are_padded_and_colspan_fills_columns() =>
        Assert.Equal("| a | b | c |\n| --- | --- | --- |\n| wide |  | d |\n| e |  |  |",
            Md("<table><tr><th>a</th><th>b</th><th>c</th></tr><tr><td colspan=2>wide</td><td>d</td></tr><tr><td>e</td></tr></table>"));

    [Fact]
    public void Nested_lists_inside_cells_are_flattened() =>
        Assert.Equal("| Items | Notes |\n| --- | --- |\n| one two deep | [link](https://example.com/l) |",
            Md("<table><tr><th>Items</th><th>Notes</th></tr><tr><td><ul><li>one</li><li>two<ol><li>deep</li></ol></li></ul></td><td><a href=/l>link</a></td></tr></table>"));

    [Fact]
    public void Table_caption_becomes_a_paragraph_before_the_table() =>
        Assert.Equal("Prices\n\n| a | b |\n| --- | --- |\n| 1 | 2 |", Md("<table><caption>Prices</caption><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"));

    [Fact]
    public void Single_column_layout_tables_keep_their_blocks() =>
        Assert.Equal("# Title\n\nbody", Md("<table><tr><td><h1>Title</h1><p>body</p></td></tr></table>"));

    [Fact]
    public void Code_block_with_language_from_code_class() =>
        Assert.Equal("```python\ndef f():\n    return 1\n```", Md("<pre><code class=\"language-python\">def f():\n    return 1\n</code></pre>"));

    [Fact]
    public void Code_block_with_language_from_pre_class_and_highlight_spans() =>
        Assert.Equal("```js\nlet a = 1;\n\nlet b = a < 2;\n```",
            Md("<pre class=\"lang-js\"><span class=k>let</span> a = 1;\n\n<span>let</span> b = a &lt; 2;</pre>"));

    [Fact]
    public void Code_block_fence_is_longer_than_backtick_runs_inside() =>
        Assert.Equal("````\n```\nnested\n```\n````", Md("<pre>```\nnested\n```</pre>"));

    [Fact]
    public void Code_blocks_keep_markdown_characters_unescaped() =>
        Assert.Equal("```\n*a* _b_ # c\n```", Md("<pre>*a* _b_ # c</pre>"));

    [Fact]
    public void Blockquotes_nest() =>
        Assert.Equal("> outer\n>\n> > inner\n>\n> back", Md("<blockquote><p>outer</p><blockquote>inner</blockquote><p>back</p></blockquote>"));

    [Fact]
    public void Table_inside_a_list_item_is_indented() =>
        Assert.Equal("- Data:\n\n  | a | b |\n  | --- | --- |\n  | 1 | 2 |\n\n- next",
            Md("<ul><li>Data:<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table></li><li>next</li></ul>"));

    [Fact]
    public void Code_in_a_quote_in_a_list_item_keeps_both_prefixes() =>
        Assert.Equal("1. Run:\n\n   > ```sh\n   > make\n   >\n   > make test\n   > ```",
            Md("<ol><li>Run:<blockquote><pre><code class=language-sh>make\n\nmake test</code></pre></blockquote></li></ol>"));

    [Fact]
    public void Blockquote_holding_a_list() =>
        Assert.Equal("> - a\n> - b", Md("<blockquote><ul><li>a</li><li>b</li></ul></blockquote>"));

    [Fact]
    public void Line_breaks() =>
        Assert.Equal("one\\\ntwo\n\nthree", Md("<p>one<br>two<br><br>three<br></p>"));

    [Theory]
    [InlineData("<br>Hello", "Hello")]
    [InlineData("<ul><li><br>item</li></ul>", "- item")]
    [InlineData("<p>a</p><br><p>b</p>", "a\n\nb")]
    public void Line_breaks_with_nothing_before_them_are_dropped(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void Horizontal_rule() =>
        Assert.Equal("above\n\n---\n\nbelow", Md("<p>above</p><hr><p>below</p>"));

    [Theory]
    [InlineData("<p>&lt;b&gt; &amp; &copy; &eacute;&#x263A;&nbsp;x</p>", "\\<b> & © é☺\u00a0x")]
    [InlineData("<p>AT&amp;T &amp;amp;</p>", "AT&T \\&amp;")]
    public void Entities_are_decoded(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void Whitespace_collapses_like_a_browser() =>
        Assert.Equal("a b c d", Md("<p>\n  a \t b\n\n   c <span> </span> d  </p>"));

    [Theory]
    [InlineData("<p>*star* _under_ snake_case</p>", "\\*star\\* \\_under\\_ snake_case")]
    [InlineData("<p># not heading</p>", "\\# not heading")]
    [InlineData("<p>1. not a list</p>", "1\\. not a list")]
    [InlineData("<p>2024) year</p>", "2024\\) year")]
    [InlineData("<p>- dash</p><p>+ plus</p><p>&gt; quote</p>", "\\- dash\n\n\\+ plus\n\n\\> quote")]
    [InlineData("<p>[not a link](x) back\\slash `tick`</p>", "\\[not a link\\](x) back\\\\slash \\`tick\\`")]
    [InlineData("<p>a - b + c # d 1. e</p>", "a - b + c # d 1. e")]
    [InlineData("<p>===</p>", "\\===")]
    [InlineData("<p>---</p>", "\\---")]
    public void Markdown_special_characters_are_escaped(string html, string expected) => Assert.Equal(expected, Md(html));

    [Fact]
    public void Invisible_elements_are_dropped() =>
        Assert.Equal("visible", Md("""
            <script>var x = "<p>no</p>";</script><style>p{}</style><noscript>enable js</noscript>
            <template><p>tpl</p></template><div hidden>h</div><span aria-hidden="true">icon</span>
            <div style="color:red; DISPLAY : none">dn</div><p style="visibility:hidden">vh</p><p>visible</p>
            """));

    [Fact]
    public void Definition_lists() =>
        Assert.Equal("**Term**\nDefinition one\n\nDefinition two\n\n**Other**\nThird",
            Md("<dl><dt>Term</dt><dd>Definition one</dd><dd>Definition two</dd><dt>Other</dt><dd>Third</dd></dl>"));

    [Fact]
    public void Figures_with_captions() =>
        Assert.Equal("![Chart](https://example.com/c.png)\n\nFigure 1: sales", Md("<figure><img src=\"/c.png\" alt=\"Chart\"><figcaption>Figure 1: sales</figcaption></figure>"));

    [Fact]
    public void Deeply_nested_divs_do_not_overflow_the_stack()
    {
        const int depth = 20_000;
        var html = string.Concat(Enumerable.Repeat("<div>", depth)) + "deep" + string.Concat(Enumerable.Repeat("</div>", depth));
        Assert.Equal("deep", Md(html));
    }

    [Fact]
    public void Malformed_html_is_repaired_by_the_parser() =>
        Assert.Equal("**bold *both*** *italic*\n\n- one\n- two", Md("<p><b>bold <i>both</b> italic</i><ul><li>one<li>two</ul>"));

    [Fact]
    public void Non_ascii_text_passes_through() =>
        Assert.Equal("# Über straße\n\n日本語のテキスト — «ok» 🎉", Md("<h1>Über straße</h1><p>日本語のテキスト — «ok» 🎉</p>"));

    [Fact]
    public void Whole_documents_convert_from_the_body() =>
        Assert.Equal("Hello", MarkdownConverter.Convert("<title>T</title>Hello", PageUrl));
}
