namespace ExtractApi.Scraping.Tests;

public class ScriptShellTests
{
    [Theory]
    [InlineData("""<!DOCTYPE html><html><head><title>App</title><script src="/static/js/main.3f2a.js" defer></script></head><body><div id="root"></div></body></html>""")]
    [InlineData("""<html><head><script type="module">import "/app.js";</script></head><body><div id="app"><!-- mounted here --></div><noscript>You need to enable JavaScript to run this app. Please enable it in your browser settings and reload the page, then try again, since nothing here works without it at all, really nothing.</noscript></body></html>""")]
    [InlineData("""<html><body><div id="__next"></div><script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"items":["a long string of data that is not visible text at all, only JSON for the client to hydrate from, which could be many kilobytes long"]}}}</script><script src="/_next/main.js"></script></body></html>""")]
    public void A_page_built_by_its_scripts_is_a_shell(string html) => Assert.True(ScriptShell.IsShell(html));

    [Fact]
    public void A_page_with_its_content_or_without_script_bundles_is_not_a_shell()
    {
        var article = $"""<html><head><script src="/analytics.js"></script></head><body><main><h1>News</h1><p>{string.Join(" ", Enumerable.Repeat("Words of the article.", 20))}</p></main></body></html>""";
        Assert.False(ScriptShell.IsShell(article));
        // Little text, but nothing that would build more: rendering would not change it.
        Assert.False(ScriptShell.IsShell("""<html><body><p>Short page.</p><script>var x = 1;</script></body></html>"""));
        Assert.False(ScriptShell.IsShell(TestPages.Long()));
    }

    private static class TestPages
    {
        public static string Long() => "<html><body>" + string.Concat(Enumerable.Range(0, 50).Select(i => $"<p>Paragraph {i} with text.</p><script src=\"/s{i}.js\"></script>")) + "</body></html>";
    }
}
