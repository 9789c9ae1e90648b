namespace ExtractApi.Scraping.Tests;

/// <summary>A news article as sites really ship it: furniture all around one story.</summary>
internal static class NewsArticlePage
{
    public static readonly Uri Url = new("https://news.example.com/world/2026/11/23/city-budget.html?ref=home#top");

    public const string Html = """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
          <meta charset="utf-8">
          <title>  City council passes
            budget | Example News </title>
          <meta name="description" content="The council approved a £2bn budget on Monday.">
          <meta name="keywords" content="budget, council, city">
          <meta name="robots" content="index, follow">
          <meta property="og:title" content="City council passes budget">
          <meta property="og:description" content="A £2bn plan for schools and transport.">
          <meta property="og:image" content="/images/council.jpg">
          <meta property="og:url" content="https://news.example.com/world/2026/11/23/city-budget.html">
          <meta property="og:site_name" content="Example News">
          <meta property="og:type" content="article">
          <meta property="og:locale" content="en_GB">
          <meta property="og:locale:alternate" content="fr_FR">
          <meta property="og:locale:alternate" content="de_DE">
          <meta name="twitter:card" content="summary_large_image">
          <meta name="twitter:site" content="@examplenews">
          <meta name="twitter:title" content="Budget passed">
          <meta name="twitter:image" content="https://cdn.example.com/tw.jpg">
          <link rel="canonical" href="/world/city-budget">
          <link rel="apple-touch-icon" href="/apple.png">
          <link rel="shortcut icon" href="/favicon.ico">
          <link rel="stylesheet" href="/site.css">
          <script>var analytics = {};</script>
        </head>
        <body>
          <div id="cookieNotice" class="cookie-consent">
            <p>We use cookies. <a href="/privacy">Privacy policy</a></p>
            <button>Accept</button>
          </div>
          <a class="skip-link" href="#content">Skip to content</a>
          <header class="site-header">
            <a href="/"><img src="/logo.png" alt="Example News"></a>
            <nav aria-label="Main">
              <ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul>
            </nav>
          </header>
          <div class="layout">
            <main id="content">
              <article>
                <header class="entry-header">
                  <h1>City council passes budget</h1>
                  <p class="byline">By <a href="/authors/ann-writer">Ann Writer</a></p>
                </header>
                <div class="share-bar"><a href="https://twitter.com/share?u=x">Tweet</a> <a href="https://facebook.com/share">Share</a></div>
                <p>The council approved a <strong>£2bn</strong> budget on Monday, after a <em>long</em> debate.</p>
                <figure><img src="/images/council.jpg" alt="The council chamber"><figcaption>The council chamber.</figcaption></figure>
                <h2>What the money pays for</h2>
                <ul><li>Schools: £800m</li><li>Transport: £500m</li></ul>
                <div class="ad-container"><p>Advertisement</p><a href="https://ads.example.net/c">Cheap flights</a></div>
                <p>Read the <a href="/docs/budget.pdf">full budget</a> for details.</p>
                <section class="related-articles"><h3>Related</h3><a href="/world/older-story">Older story</a></section>
                <div id="comments" class="comments"><h3>12 comments</h3><p>First!</p></div>
              </article>
            </main>
            <aside class="sidebar"><h3>Most read</h3><ol><li><a href="/a">A</a></li><li><a href="/b">B</a></li></ol></aside>
          </div>
          <footer><p>&copy; 2026 Example News</p><a href="/contact">Contact</a> <a href="https://other.example.org/">Partner</a></footer>
          <script>track();</script>
        </body>
        </html>
        """;
}
