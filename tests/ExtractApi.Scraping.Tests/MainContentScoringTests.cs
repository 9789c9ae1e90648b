namespace ExtractApi.Scraping.Tests;

/// <summary>Failures found on real news pages (article extraction benchmark), each rebuilt here from hand-written markup.</summary>
public class MainContentScoringTests
{
    private static readonly Uri PageUrl = new("https://news.example.com/story");

    private const string Story =
        "<p>The harbour authority said on Tuesday that the new breakwater, which took three years to build, will protect the old town from winter storms.</p>"
        + "<p>Engineers tested the design in a wave tank, and the results, published last spring, showed waves losing most of their force before reaching the quay.</p>"
        + "<p>Residents, many of whom had campaigned for the project, gathered on the promenade to watch the final stones being placed, and some brought their children.</p>";

    private static string Convert(string html) => PageConverter.Convert(html, PageUrl, ConversionOptions.Default).Markdown;

    [Fact]
    public void A_sidebar_with_more_text_than_a_short_article_is_left_out()
    {
        var rail = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<li><a href=\"/other/{i}\">Another story number {i} about something else entirely</a> <span>{i} hours ago</span></li>"));
        var html = $"""
            <body><main>
              <div class="layout">
                <div class="story-body"><h1>Breakwater finished</h1>{Story}</div>
                <div class="column"><h3>Latest</h3><ul>{rail}</ul></div>
              </div>
            </main></body>
            """;

        var markdown = Convert(html);

        Assert.StartsWith("# Breakwater finished", markdown, StringComparison.Ordinal);
        Assert.Contains("Residents, many of whom", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Another story", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Latest", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraphs_each_in_their_own_box_are_gathered_from_their_common_container()
    {
        var boxes = string.Concat(Story.Split("</p>", StringSplitOptions.RemoveEmptyEntries)
            .Select(paragraph => $"<div class=\"card\"><div class=\"card-body\">{paragraph}</p></div></div>"));
        var html = $"""
            <body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
              <div class="page"><h1>Breakwater finished</h1><div class="cards">{boxes}</div></div>
              <div class="footer-links"><a href="/a">About</a> <a href="/c">Contact</a> <a href="/t">Terms</a></div>
            </body>
            """;

        var markdown = Convert(html);

        Assert.StartsWith("# Breakwater finished", markdown, StringComparison.Ordinal);
        Assert.Contains("The harbour authority", markdown, StringComparison.Ordinal);
        Assert.Contains("Engineers tested", markdown, StringComparison.Ordinal);
        Assert.Contains("Residents, many of whom", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("About", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_article_body_split_into_chunks_beside_ad_rails_is_kept_whole()
    {
        var paragraphs = Story.Split("</p>", StringSplitOptions.RemoveEmptyEntries);
        var html = $"""
            <body><article>
              <h1>Breakwater finished</h1>
              <div class="chunks">
                <div class="grid layout-adrail"><div class="body">{paragraphs[0]}</p>{paragraphs[1]}</p></div><div class="aside"></div></div>
                <div class="grid layout-adrail"><div class="body">{paragraphs[2]}</p></div><div class="aside"></div></div>
              </div>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("The harbour authority", markdown, StringComparison.Ordinal);
        Assert.Contains("Residents, many of whom", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_two_main_elements_the_one_with_the_content_is_chosen()
    {
        const string html = """
            <body>
              <main class="ads"><div class="slot"><a href="https://ads.example.net/x">Sponsored offer</a></div></main>
              <main><h1>Opening hours</h1><p>The library opens at nine.</p><table><tr><td>Mon</td><td>9-17</td></tr></table></main>
            </body>
            """;

        Assert.Equal("# Opening hours\n\nThe library opens at nine.\n\n| Mon | 9-17 |\n| --- | --- |", Convert(html));
    }

    [Fact]
    public void A_link_heavy_article_is_not_dropped_as_a_link_list()
    {
        var linked = string.Concat(Enumerable.Range(1, 6).Select(i =>
            $"<p>Item {i}: <a href=\"/guide/{i}\">the complete guide to repairing an old bicycle, part {i}, with photographs</a>, by our workshop.</p>"));
        var html = $"<body><div class=\"wrap\"><div class=\"roundup\"><h1>Reading list</h1>{linked}</div></div></body>";

        var markdown = Convert(html);

        Assert.StartsWith("# Reading list", markdown, StringComparison.Ordinal);
        Assert.Contains("part 6", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_pushed_off_screen_or_hidden_by_class_is_left_out()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>
              <div style="position:absolute; left: -9999px">Skip to the weather forecast</div>
              <p class="sr-only">Advertisement</p>
              {Story}
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("The harbour authority", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("weather forecast", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Advertisement", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Link_only_paragraphs_after_the_story_go_with_their_label()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}
              <p>You may also like...</p>
              <p><a href="/a">Ferry timetable changes for the winter</a></p>
              <p><a href="/b">Lighthouse reopens to visitors</a></p>
              <p><a href="/c">Fishing quotas agreed</a></p>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rail_of_teasers_without_link_text_is_left_out()
    {
        var teasers = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"<div class=\"rail__item\"><h3 class=\"rail__headline\">HEADLINE {i}</h3><span>Teaser text for another story {i}</span><a class=\"rail__anchor\" href=\"/s/{i}\"></a></div>"));
        var html = $"<body><article><h1>Breakwater finished</h1>{Story}<div class=\"rail\">{teasers}</div></article></body>";

        var markdown = Convert(html);

        Assert.DoesNotContain("HEADLINE", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Teaser text", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_inside_a_span_in_running_text_stays()
    {
        var html = $"<body><article><h1>Breakwater finished</h1>{Story}<p>As the council <span><a href=\"/report\">pointed out in its report</a></span>, the cost was shared.</p></article></body>";

        Assert.Contains("As the council [pointed out in its report](https://news.example.com/report), the cost was shared.", Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void An_embedded_post_in_a_wrapper_named_social_is_kept()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}
              <div class="social-embed"><blockquote class="twitter-tweet"><p>Watching the last stone go in at the harbour this morning, what a day for the town.</p>— Harbour Watch (@harbourwatch)</blockquote></div>
              <div class="social-share"><a href="https://twitter.com/share">Tweet</a> <a href="https://facebook.com/share">Share</a></div>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("> Watching the last stone go in", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Tweet", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_pages_do_not_overflow_the_stack()
    {
        const int depth = 20_000;
        var html = string.Concat(Enumerable.Repeat("<div>", depth)) + Story + string.Concat(Enumerable.Repeat("</div>", depth));
        var markdown = Convert(html);

        Assert.Contains("The harbour authority", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_caption_written_twice_for_a_slideshow_is_kept_once()
    {
        const string caption = "Workers place the last stone of the breakwater on Tuesday morning.";
        var html = $"""
            <body><article><h1>Breakwater finished</h1>
              <ul class="photos"><li><img src="/p/1.jpg" alt=""><div class="caption-short">{caption}</div><div class="caption-long">{caption}</div></li></ul>
              {Story}
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Equal(2, markdown.Split(caption).Length);
    }

    [Fact]
    public void Repeated_lines_of_a_recipe_are_not_taken_for_copies()
    {
        const string line = "Portions: one cup of rice, one cup of beans, a spoon of oil.";
        var html = $"<body><article><h1>Meal plan</h1>{Story}<h2>Monday</h2><p>{line}</p><h2>Tuesday</h2><p>{line}</p></article></body>";

        Assert.Equal(3, Convert(html).Split(line).Length);
    }

    [Fact]
    public void The_article_header_keeps_its_title_and_loses_the_standfirst_byline_and_lead_photo()
    {
        // As Firecrawl's onlyMainContent removes <header> elements: the standfirst, byline, date and lead photo
        // in the article's header go; the headline (a link to the story here) stays.
        var html = $"""
            <body><main><article>
              <header class="article-header">
                <a class="kicker" href="/harbour">Harbour</a>
                <h1 class="headline"><a href="/story">Breakwater finished after three years</a></h1>
                <p class="standfirst">The town's winter storms will meet a wall of stone from now on, engineers say.</p>
                <div class="byline-block">By <a href="/staff/ann">Ann Writer</a>, Harbour Correspondent</div>
                <figure><img src="/p/lead.jpg" alt="Lead"><figcaption>The breakwater at dawn on Tuesday.</figcaption></figure>
              </header>
              <div class="story-body">{Story}
                <p>The work cost more than planned, the council said, because a storm in the second winter washed away half of the first stones and the barges had to wait for calm weather.</p>
                <p>Fishermen, who lost their moorings during the building, will get new ones inside the harbour by the summer, and the old slipway is to be rebuilt next year.</p>
              </div>
              <header><h2>Read next</h2><p>Ferry timetables change in spring, and the old pier will close for repairs.</p></header>
            </article></main></body>
            """;

        var markdown = Convert(html);

        Assert.StartsWith("# [Breakwater finished after three years](https://news.example.com/story)\n\nThe harbour authority", markdown, StringComparison.Ordinal);
        Assert.Contains("Residents, many of whom", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("winter storms will meet", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann Writer", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("at dawn", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Ferry timetables", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_that_is_only_a_section_heading_stays()
    {
        var html = $"""
            <body><main><article><h1>Breakwater guide</h1>
              <section><header><h2>Building the wall</h2></header>{Story}</section>
              <section><header><h2>Visiting</h2><p class="updated">Updated 5 May</p></header>
                <p>The quay is open to walkers every day from sunrise, and the lighthouse at its end can be visited on Sundays in summer.</p></section>
            </article></main></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("## Building the wall", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Visiting", markdown, StringComparison.Ordinal);
        Assert.Contains("lighthouse at its end", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_and_short_lines_that_end_the_content_are_left_out_and_a_short_last_step_stays()
    {
        // A blog's end: the related list went as furniture and left its heading; an ad label and a comment count follow.
        var html = $"""
            <body><div class="post"><h1>Breakwater finished</h1>{Story}
              <h3>Serving suggestion</h3>
              <ol><li>Walk to the end of the quay at low tide.</li><li>Look back.</li></ol>
              <p>Advert</p>
              <h3>You may also like:</h3>
              <div class="sharedaddy"><div class="jp-relatedposts"><a href="/a">Ferry timetables change</a> <a href="/b">Pier closes</a></div></div>
              <p>Comments (+)</p>
            </div></body>
            """;

        var markdown = Convert(html);

        Assert.EndsWith("2. Look back.", markdown.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("### Serving suggestion", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Advert", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("You may also like", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Comments", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Date_lines_and_photo_credits_are_left_out_and_the_byline_stays()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>
              <p class="byline">By <a href="/staff/ann">Ann Writer</a></p>
              <div class="article-date">Updated 5:27 am, Wednesday, November 20, 2019</div>
              <figure><img src="/p/1.jpg" alt="The quay"><figcaption>The new quay. <span class="photo-credit">Photo: Harbour Authority</span></figcaption></figure>
              {Story}
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("By [Ann Writer](https://news.example.com/staff/ann)", markdown, StringComparison.Ordinal);
        Assert.Contains("The new quay.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Updated", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Photo:", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_paragraph_that_is_a_link_to_another_story_is_left_out()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}
              <p><strong>SEE MORE:</strong> <a href="/other">Storm damage to the old pier will cost millions to repair</a></p>
              <p>The harbour master said the <a href="/report">report</a> would be published next week.</p>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.DoesNotContain("Storm damage", markdown, StringComparison.Ordinal);
        Assert.Contains("[report](https://news.example.com/report) would be published", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_first_part_of_the_body_wrapped_deeper_than_the_rest_is_kept()
    {
        var more = string.Concat(Enumerable.Range(1, 6).Select(i =>
            $"<p>Later paragraph {i}: the council, the engineers and the residents all agreed, after long debate, that the work was worth it.</p>"));
        var html = $"""
            <body><article><h1>Breakwater finished</h1>
              <aside class="panel"><a href="/tag/harbours">harbours</a></aside>
              <section class="outer"><div class="inner"><div class="copy">{Story}</div></div></section>
              <div class="copy">{more}</div>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("The harbour authority said", markdown, StringComparison.Ordinal);
        Assert.Contains("Later paragraph 6", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_of_tag_links_is_left_out()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}
              <p><strong>Tags</strong> <a href="/t/harbour">harbour works</a>, <a href="/t/storms">winter storms</a>, <a href="/t/council">town council</a></p>
            </article></body>
            """;

        Assert.EndsWith("some brought their children.", Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_gallery_caption_written_in_full_and_cut_short_is_kept_once()
    {
        const string caption = "Workers place the last stone of the breakwater on Tuesday morning, watched by residents from the promenade.";
        var html = $"""
            <body><article><h1>Breakwater finished</h1>
              <ul class="gallery"><li class="gallery-item"><img src="/p/1.jpg" alt="">
                <div class="caption">
                  <div class="caption-full"><p>{caption}</p><a class="toggle">less</a></div>
                  <div class="caption-truncated"><p>{caption[..90]}</p><a class="toggle">... more</a></div>
                </div>
                <div class="caption-remote"><div class="caption-full"><p>{caption}</p></div></div>
              </li></ul>
              {Story}
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Equal(2, markdown.Split("Workers place the last stone").Length);
        Assert.Contains(caption, markdown, StringComparison.Ordinal);
        Assert.Contains("Residents, many of whom", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void An_author_box_under_the_story_is_left_out_and_the_byline_stays()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>
              <p class="post-byline">By <a href="/staff/ann">Ann Writer</a></p>
              {Story}
              <div class="post-author"><img src="/staff/ann.jpg" alt=""><div class="author-content">
                <p>Ann is a harbour-town native now living inland with her husband and two dogs, writing about the sea, boats and the people who build things.</p>
              </div></div>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("Ann Writer", markdown, StringComparison.Ordinal);
        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Calls_to_action_that_end_the_story_are_left_out()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}
              <p><em>Like this story? Share it with a friend!</em></p>
              <p>Sign up for our free daily newsletter to get the harbour news first.</p>
              <p>Follow us on <a href="https://twitter.example/harbour">Twitter</a> and Facebook.</p>
              <p>Write to Ann Writer at ann.writer@news.example.com</p>
            </article></body>
            """;

        Assert.EndsWith("some brought their children.", Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_last_paragraph_that_reports_a_sign_up_is_the_story()
    {
        const string last = "Residents who want a guided tour of the breakwater can sign up at the town hall until Friday.";
        var html = $"<body><article><h1>Breakwater finished</h1>{Story}<p>{last}</p></article></body>";

        Assert.EndsWith(last, Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_linked_prompt_inside_the_story_is_left_out_and_steps_the_story_gives_stay()
    {
        var paragraphs = Story.Split("</p>", StringSplitOptions.RemoveEmptyEntries);
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{paragraphs[0]}</p>
              <h2 class="title"><a href="/newsletter">Click here to subscribe to the Harbour Newsletter</a></h2>
              {paragraphs[1]}</p>
              <ul><li>Sign up for a <a href="/tours">guided tour</a> at the town hall</li><li>Bring <a href="/boots">boots</a> for the rocks</li></ul>
              {paragraphs[2]}</p>
              <div class="meta post-meta">October 9, 2018 at 4:02 pm</div>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.DoesNotContain("Harbour Newsletter", markdown, StringComparison.Ordinal);
        Assert.Contains("Sign up for a [guided tour]", markdown, StringComparison.Ordinal);
        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_headline_that_repeats_the_page_title_is_left_to_the_metadata()
    {
        var html = $"""
            <html><head><title>Breakwater finished after three years | Harbour Gazette</title></head>
            <body><article><div class="article-title"><h1 class="headline entry-title">Breakwater finished after three years</h1></div>
              {Story}
            </article></body></html>
            """;

        var page = PageConverter.Convert(html, PageUrl, ConversionOptions.Default);

        Assert.StartsWith("The harbour authority said", page.Markdown, StringComparison.Ordinal);
        Assert.Equal("Breakwater finished after three years | Harbour Gazette", page.Metadata.Title);
        // The whole page keeps it.
        var whole = PageConverter.Convert(html, PageUrl, ConversionOptions.Default with { OnlyMainContent = false });
        Assert.StartsWith("# Breakwater finished after three years", whole.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_headline_the_page_title_does_not_repeat_stays()
    {
        var html = $"""
            <html><head><title>Harbour Gazette: local news</title><meta property="og:title" content="Harbour news"></head>
            <body><article><h1>Breakwater finished after three years</h1>{Story}</article></body></html>
            """;

        Assert.StartsWith("# Breakwater finished after three years", Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_page_keeps_the_heading_its_title_repeats()
    {
        const string html = """
            <html><head><title>Kettle K-200 | Shop</title></head>
            <body><main><h1>Kettle K-200</h1><p>A steel kettle that boils a litre in three minutes.</p>
              <table><tr><th>Capacity</th><td>1.7 l</td></tr></table></main></body></html>
            """;

        Assert.StartsWith("# Kettle K-200", Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void What_follows_the_last_thematic_break_of_a_press_release_is_left_out()
    {
        var html = $"""
            <body><div class="press__content"><div class="text">{Story}{Story.Replace("harbour", "port", StringComparison.Ordinal)}</div>
              <div class="text"><div><hr>
                <p style="font-size: 12px; color: grey"><br>Harbour Works is a global provider of coastal engineering, with offices in twelve countries and around 1,300 employees.<br><br>
                Harbour Works shares are listed on the exchange in Zurich.</p>
              </div></div>
            </div></body>
            """;

        var markdown = Convert(html);

        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbour Works", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_thematic_break_between_the_story_s_own_sections_keeps_what_follows()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}<hr>{Story.Replace("harbour", "port", StringComparison.Ordinal)}</article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains("The port authority said", markdown, StringComparison.Ordinal);
        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tags_line_and_a_microdata_date_between_the_blocks_are_left_out()
    {
        var html = $"""
            <body><div class="principal"><div itemprop="articleBody" class="articleBody">
              <h1 itemprop="name">Breakwater finished</h1>
              <span class="data" itemprop="datePublished">segunda-feira, 22 de janeiro de 2018 às 0:13</span>
              {Story}
              <p style="border-top:1px #999 solid;"></p><strong>Tags<br><a href="/tag/harbour" rel="tag">harbour works</a>, <a href="/tag/breakwater" rel="tag">breakwater</a>, <a href="/tag/seasons" rel="tag">storm season</a></strong>
            </div></div></body>
            """;

        var markdown = Convert(html);

        Assert.DoesNotContain("janeiro", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("storm season", markdown, StringComparison.Ordinal);
        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Links_in_bold_inside_a_paragraph_are_the_story()
    {
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{Story}
              <p>The council has published the three reports the decision rests on, which residents can read at the town hall or online:
                <strong><a href="/r/1">the wave tank study</a>, <a href="/r/2">the storm survey</a> and <a href="/r/3">the final inspection</a></strong>.</p>
            </article></body>
            """;

        Assert.Contains("the final inspection", Convert(html), StringComparison.Ordinal);
    }

    [Fact]
    public void A_caption_that_repeats_its_image_s_alt_text_is_given_once()
    {
        const string caption = "The new breakwater seen from the old quay on the morning the last stone was placed";
        var paragraphs = Story.Split("</p>", StringSplitOptions.RemoveEmptyEntries);
        var html = $"""
            <body><article><h1>Breakwater finished</h1>{paragraphs[0]}</p>
              <figure class="article__media"><a href="/photos/1"><img src="/photos/1.jpg" alt="{caption}"></a>
                <figcaption class="article__media-caption"><span class="count">6</span> {caption}. <span class="credit">Credit: Harbour Gazette</span></figcaption></figure>
              {paragraphs[1]}</p>
              <div class="image"><img src="/photos/2.jpg" alt="Children watching the stones being placed from the promenade">
                <p class="caption">Residents say the work kept the promenade closed for most of the summer</p></div>
              {paragraphs[2]}</p>
            </article></body>
            """;

        var markdown = Convert(html);

        Assert.Contains($"![{caption}](https://news.example.com/photos/1.jpg)", markdown, StringComparison.Ordinal);
        Assert.Equal(2, markdown.Split(caption).Length);
        Assert.DoesNotContain("Credit: Harbour Gazette", markdown, StringComparison.Ordinal);
        // A caption that says more than its image's alt text stays.
        Assert.Contains("Residents say the work kept the promenade closed", markdown, StringComparison.Ordinal);
        Assert.EndsWith("some brought their children.", markdown, StringComparison.Ordinal);
    }
}
