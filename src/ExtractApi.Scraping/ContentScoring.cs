using System.Buffers;
using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// Finds the element an article's text lives in, the way reading-mode extractors do: every paragraph
/// scores points (one, plus one per comma, plus one per 100 characters up to three) that go to its
/// parent in full, to its grandparent by half and further up in smaller shares; containers start from
/// a weight for their tag and their class and id words, and lose the share of their text that is link
/// text. The best container wins; its siblings join it when they score well or read as prose.
/// </summary>
internal static class ContentScoring
{
    /// <summary>Below this many characters of text in the best candidate, the page has no article to find.</summary>
    private const int MinimumArticleText = 250;

    private const int AncestorLevels = 5;

    // Words in classes and ids that say "the content is here" or "this is not the content".
    private static readonly SearchValues<string> PositiveFragments = SearchValues.Create(

        ["article", "content", "entry", "post", "story", "body", "text", "main", "blog", "prose"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> NegativeFragments = SearchValues.Create(
        ["comment", "footer", "sidebar", "related", "share", "sharing", "social", "promo", "sponsor", "widget",
         "newsletter", "subscribe", "banner", "breadcrumb", "recommend", "popular", "trending", "masthead",
         "outbrain", "taboola", "advert", "-ad-", "tags", "author-bio",
         "teaser", "more-", "read-more", "signup", "paywall", "nav", "menu", "footnote", "contact", "hidden", "skip",
         "credit", "toolbar", "modal", "popup", "cookie", "consent"], StringComparison.OrdinalIgnoreCase);

    /// <summary>The best-scoring container and the score it won with; null when nothing reads as an article.</summary>
    public static IElement? TopCandidate(IElement scope, Dictionary<IElement, BlockStats> stats, out Dictionary<IElement, double> scores)
    {
        scores = [];
        foreach (var (element, block) in stats)
        {
            if (!IsParagraph(element, block))
            {
                continue;
            }

            var points = 1.0 + block.Commas + Math.Min(block.Text / 100, 3);
            var ancestor = element.ParentElement;
            for (var level = 0; level < AncestorLevels && ancestor is not null; level++, ancestor = ancestor.ParentElement)
            {
                if (!stats.ContainsKey(ancestor))
                {
                    break;
                }

                if (!scores.TryGetValue(ancestor, out var score))
                {
                    score = InitialScore(ancestor);
                }

                scores[ancestor] = score + points / (level switch { 0 => 1, 1 => 2, _ => level * 3 });
                if (ancestor == scope)
                {
                    break;
                }
            }
        }

        IElement? top = null;
        var best = double.MinValue;
        foreach (var (element, score) in scores)
        {
            var final = score * (1 - stats[element].LinkDensity);
            scores[element] = final;
            if (final > best)
            {
                best = final;
                top = element;
            }
        }

        if (top is null)
        {
            return null;
        }

        top = CommonAncestorOfAlternatives(top, scope, scores);
        top = BetterScoredAncestor(top, scope, scores);
        return stats[top].Text >= MinimumArticleText ? top : null;
    }

    /// <summary>
    /// An article whose paragraphs each sit in their own box scores box by box: when several boxes score
    /// close to the best one, the article is their common ancestor.
    /// </summary>
    private static IElement CommonAncestorOfAlternatives(IElement top, IElement scope, Dictionary<IElement, double> scores)
    {
        var topScore = scores[top];
        var alternatives = scores.Where(entry => entry.Key != top && entry.Value >= topScore * 0.75)
            .OrderByDescending(entry => entry.Value).Take(4).Select(entry => entry.Key).ToList();
        if (alternatives.Count < 3)
        {
            return top;
        }

        var ancestorsOfTop = new List<IElement>();
        for (var ancestor = top.ParentElement; ancestor is not null; ancestor = ancestor.ParentElement)
        {
            ancestorsOfTop.Add(ancestor);
            if (ancestor == scope)
            {
                break;
            }
        }

        var holding = new Dictionary<IElement, int>();
        foreach (var alternative in alternatives)
        {
            for (var ancestor = alternative.ParentElement; ancestor is not null; ancestor = ancestor.ParentElement)
            {
                holding[ancestor] = holding.GetValueOrDefault(ancestor) + 1;
                if (ancestor == scope)
                {
                    break;
                }
            }
        }

        foreach (var ancestor in ancestorsOfTop)
        {
            if (holding.GetValueOrDefault(ancestor) >= 3)
            {
                return ancestor == scope ? top : ancestor;
            }
        }

        return top;
    }

    /// <summary>Up from the best candidate while scores hold up: an ancestor scoring higher is the better container.</summary>
    private static IElement BetterScoredAncestor(IElement top, IElement scope, Dictionary<IElement, double> scores)
    {
        var lastScore = scores.GetValueOrDefault(top);
        var floor = lastScore / 3;
        for (var ancestor = top.ParentElement; ancestor is not null && top != scope; ancestor = ancestor.ParentElement)
        {
            if (scores.TryGetValue(ancestor, out var score))
            {
                if (score < floor)
                {
                    break;
                }

                if (score > lastScore)
                {
                    return ancestor;
                }

                lastScore = score;
            }

            if (ancestor == scope)
            {
                break;
            }
        }

        return top;
    }

    /// <summary>
    /// The siblings of <paramref name="top"/> that belong to the article with it: well-scored blocks and
    /// prose paragraphs (an article body split by ads or embeds), and a title heading.
    /// </summary>
    public static bool IsArticleSibling(IElement sibling, IElement top, Dictionary<IElement, double> scores, Dictionary<IElement, BlockStats> stats)
    {
        if (!stats.TryGetValue(sibling, out var block) || block.Text == 0)
        {
            return sibling.LocalName is "img" or "figure" or "picture";
        }

        var threshold = Math.Max(10, scores.GetValueOrDefault(top) * 0.2);
        if (scores.TryGetValue(sibling, out var score) && score >= threshold)
        {
            return true;
        }

        if (block.Titles > 0 && block.Text < 400)
        {
            return true;
        }

        // A part of the body scored low only because its paragraphs sit deeper in wrappers.
        if (block.Paragraphs >= 2 && block.Text >= 300 && block.LinkDensity < 0.2 && block.Inputs == 0 && ClassWeight(sibling) >= 0)
        {
            return true;
        }

        return sibling.LocalName is "p" or "blockquote" or "pre" or "h2" or "h3" or "h4" or "ul" or "ol" or "figure"
            && block.LinkDensity < 0.25 && block.Text >= 20 && ClassWeight(sibling) >= 0;
    }

    /// <summary>+25 for words such as "article" or "content" in the class or id, −25 for words such as "sidebar" or "share".</summary>
    public static int ClassWeight(IElement element)
    {
        var weight = 0;
        foreach (var names in (ReadOnlySpan<string?>)[element.GetAttribute("class"), element.Id])
        {
            if (string.IsNullOrEmpty(names))
            {
                continue;
            }

            if (ContainsAny(names, NegativeFragments))
            {
                weight -= 25;
            }

            if (ContainsAny(names, PositiveFragments))
            {
                weight += 25;
            }
        }

        return weight;
    }

    private static bool ContainsAny(string names, SearchValues<string> fragments) => names.AsSpan().ContainsAny(fragments);

    private static bool IsParagraph(IElement element, BlockStats block) =>
        block.Text >= 25 && element.LocalName switch
        {
            "p" or "pre" or "td" or "blockquote" => true,
            // A container used as a paragraph: text directly inside it, not only in child blocks.
            "div" or "section" or "article" or "span" or "font" or "center" => block.OwnText >= 25,
            _ => false,
        };

    private static double InitialScore(IElement element)
    {
        var score = element.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" or "aside" or "nav" or "footer" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        return score + ClassWeight(element);
    }
}
