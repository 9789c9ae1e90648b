using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace ExtractApi.Extraction;

/// <summary>
/// One repeated record on a page (one element, or a title row and its details row): its fields are
/// filled by role and shape — the heading or first prominent link is the title/name and its target
/// the url, price-shaped text the price, "123 points" the points, a date the date — with the class,
/// id or itemprop that names a field as the tie-breaker for the rest.
/// </summary>
internal sealed partial class RecordScope(IReadOnlyList<IElement> parts, string source, PageEvidence evidence) : ValueScope(evidence)
{
    private IElement? titleElement;
    private bool titleFound;
    private IElement? firstLink;
    private bool firstLinkFound;
    private List<string>? texts;
    private List<(string Number, string Word, string Singular)>? counts;
    private string? price;
    private bool priceFound;

    public IReadOnlyList<IElement> Parts => parts;

    public override IEnumerable<Candidate> Scalars(SchemaField field)
    {
        if (field.Selector is not null)
        {
            foreach (var part in parts)
            {
                if (SelectedValue(part.QuerySelector(field.Selector), field) is { } selected)
                {
                    yield return selected;
                    break;
                }
            }
        }
        if (ByRole(field) is { } role)
        {
            yield return new Candidate(JsonValue.Create(role)!, source);
        }
        foreach (var part in parts)
        {
            if (ElementScope.BestNamedElement(part, field) is { } named && !Visibility.IsHiddenWithAncestors(named)
                && ElementValue(named, field) is { Length: > 0 } shown)
            {
                yield return new Candidate(JsonValue.Create(shown)!, source);
                break;
            }
        }
    }

    /// <summary>The value a field's role or shape finds in the record, or null when it has none.</summary>
    public string? ByRole(SchemaField field)
    {
        if (IsImageField(field))
        {
            return parts.Select(p => p.LocalName == "img" ? p : ElementWalk.First(p, ElementWalk.IsImage)).FirstOrDefault(i => i is not null)?.GetAttribute("src") is { } src
                ? Evidence.Absolute(src)
                : null;
        }
        if (IsLinkField(field))
        {
            // The title's link; else the first link (a card's picture link).
            var link = TitleLink() ?? FirstLink() ?? parts.Select(p => ElementWalk.SelfOrFirst(p, ElementWalk.IsLink)).FirstOrDefault(a => a is not null);
            return link is null ? null : Target(link);
        }
        if (field.IsTitle)
        {
            return TitleText();
        }
        if (field.Kind is FieldKind.Number or FieldKind.WholeNumber)
        {
            if (Counted(field) is { } count)
            {
                return count;
            }
            if (field.Kind == FieldKind.Number && (field.Terms.Synonyms.Contains("price") || field.Terms.Words.Contains("price")))
            {
                if (!priceFound)
                {
                    price = Texts().Where(HasDigit).Select(t => Price().Match(t)).FirstOrDefault(m => m.Success)?.Value;
                    priceFound = true;
                }
                return price;
            }
            return null;
        }
        if (field.Format is "date" or "date-time" || field.Terms.Words.Contains("date"))
        {
            foreach (var part in parts)
            {
                if ((part.LocalName == "time" ? part : ElementWalk.First(part, ElementWalk.IsTime))?.GetAttribute("datetime") is { Length: > 0 } datetime)
                {
                    return datetime;
                }
            }
            return Texts().FirstOrDefault(t => ValueCoercion.TryDate(t, out _));
        }
        return null;
    }

    /// <summary>"123 points", "45 comments", "1.2k stars": the number before (or after) the word that names the field.</summary>
    private string? Counted(SchemaField field)
    {
        // Only text with a digit in it can hold a count (a review's prose rarely does).
        counts ??= [.. Texts().Where(HasDigit).SelectMany(t => CountedWords().Matches(t)).Select(m =>
        {
            var word = m.Groups["word"].Value.ToLowerInvariant();
            return (Number: m.Groups["number"].Value, Word: word, Singular: word.Length > 3 && word.EndsWith('s') ? word[..^1] : word);
        })];
        foreach (var (number, word, singular) in counts)
        {
            if (field.Terms.Words.Any(w => w == word || w == singular || (w.Length > 3 && w.EndsWith('s') && w[..^1] == singular))
                || field.Terms.Synonyms.Contains(word) || field.Terms.Synonyms.Contains(singular))
            {
                return number;
            }
        }
        return null;
    }

    /// <summary>The record's title: its first heading (the heading's link when it has one), else its first prominent link.</summary>
    private string? TitleText()
    {
        var element = TitleElement();
        if (element is null)
        {
            return null;
        }
        var text = ValueCoercion.CollapseWhitespace(PageEvidence.VisibleText(element));
        // "A Light in the ..." with title="A Light in the Attic": the link's title holds what the text cut short.
        if (element.GetAttribute("title") is { Length: > 0 } full && (text.EndsWith("...", StringComparison.Ordinal) || text.EndsWith('…'))
            && full.StartsWith(text.TrimEnd('.', '…').TrimEnd(), StringComparison.OrdinalIgnoreCase))
        {
            return ValueCoercion.CollapseWhitespace(full);
        }
        return text.Length > 0 ? text : null;
    }

    private IElement? TitleElement()
    {
        if (titleFound)
        {
            return titleElement;
        }
        titleFound = true;
        foreach (var part in parts)
        {
            var heading = ElementWalk.IsHeading(part) ? part : ElementWalk.First(part, ElementWalk.IsHeading);
            if (heading is not null && !Visibility.IsHiddenWithAncestors(heading) && PageEvidence.VisibleText(heading).Any(char.IsLetterOrDigit))
            {
                titleElement = heading.LocalName == "a" ? heading : ElementWalk.First(heading, l => ElementWalk.IsLink(l) && HasText(l)) ?? heading;
                return titleElement;
            }
        }
        titleElement = FirstLink();
        return titleElement;
    }

    /// <summary>Whether the record's title is in its first sibling (a title row before its details row).</summary>
    public bool TitleInFirstPart() => TitleElement() is { } title && (title == parts[0] || parts[0].Contains(title));

    private IElement? TitleLink() => TitleElement() is { LocalName: "a" } link && link.HasAttribute("href") ? link : null;

    /// <summary>
    /// The record's most prominent link: the first visible link with words in it whose text is at least
    /// half as long as the record's longest (the story's link, not its author's or its comment count).
    /// </summary>
    private IElement? FirstLink()
    {
        if (!firstLinkFound)
        {
            firstLink = FindFirstLink();
            firstLinkFound = true;
        }
        return firstLink;
    }

    private IElement? FindFirstLink()
    {
        var links = new List<(IElement Link, int Length)>();
        foreach (var part in parts)
        {
            IEnumerable<IElement> inPart = part.LocalName == "a" ? [part] : ElementWalk.All(part, ElementWalk.IsLink);
            foreach (var link in inPart)
            {
                if (HasText(link) && !Visibility.IsHiddenWithAncestors(link))
                {
                    links.Add((link, ValueCoercion.CollapseWhitespace(PageEvidence.VisibleText(link)).Length));
                }
            }
        }
        if (links.Count == 0)
        {
            return null;
        }
        var longest = links.Max(l => l.Length);
        return links.First(l => l.Length * 2 >= longest).Link;
    }

    /// <summary>Any decimal digit, as the patterns' <c>\d</c> reads it (ASCII first, then any script's).</summary>
    private static bool HasDigit(string text) => text.AsSpan().IndexOfAnyInRange('0', '9') >= 0 || (!Ascii.IsValid(text) && text.Any(char.IsDigit));

    private static bool HasText(IElement link) => PageEvidence.VisibleText(link).Count(char.IsLetter) >= 2;

    /// <summary>A link's target; through a redirect ("/l/?uddg=https%3A…") to the address it carries when the record shows that address.</summary>
    private string Target(IElement link)
    {
        var href = Evidence.Absolute(link.GetAttribute("href") ?? "");
        if (Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Query.Length > 1)
        {
            foreach (var pair in uri.Query[1..].Split('&'))
            {
                var value = Uri.UnescapeDataString(pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..].Replace('+', ' '));
                if (Uri.TryCreate(value, UriKind.Absolute, out var carried) && carried.Scheme is "http" or "https" && carried.Host != uri.Host
                    && Texts().Any(t => t.Contains(carried.Host.StartsWith("www.", StringComparison.Ordinal) ? carried.Host[4..] : carried.Host, StringComparison.OrdinalIgnoreCase)))
                {
                    return carried.ToString();
                }
            }
        }
        return href;
    }

    /// <summary>The record's visible text pieces (text of each leaf block or inline run), in order.</summary>
    private List<string> Texts()
    {
        if (texts is not null)
        {
            return texts;
        }
        texts = [];
        foreach (var part in parts)
        {
            texts.AddRange(PageEvidence.RenderLines(part).SelectMany(l => l.Split('\t')));
        }
        return texts;
    }

    [GeneratedRegex(@"(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|JPY|CAD|AUD)\b)\s?\d(?:[\d.,' ]*\d)?|\d(?:[\d.,' ]*\d)?\s?(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|kr)\b)")]
    private static partial Regex Price();

    [GeneratedRegex(@"(?<number>\d[\d,.]*\s?[kKmM]?)\s*(?<word>\p{L}{3,})|(?<word>\p{L}{3,}):?\s*(?<number>\d[\d,.]*)", RegexOptions.None)]
    private static partial Regex CountedWords();
}
