using System.Text;

namespace ExtractApi.Scraping.Crawling;

/// <summary>
/// A robots.txt file read as RFC 9309 says: groups of <c>user-agent</c> lines followed by <c>allow</c>/<c>disallow</c>
/// rules; the crawler obeys the group(s) naming its product token (case-insensitive), else the <c>*</c> group, else
/// nothing. The longest matching rule wins (an <c>allow</c> wins a tie); <c>*</c> matches any run of characters and a
/// final <c>$</c> anchors the end. <c>Sitemap:</c> lines are collected whatever group they sit in; <c>crawl-delay</c>
/// (not in the RFC, but widely used) is read from the chosen group.
/// </summary>
public sealed class RobotsTxt
{
    /// <summary>The product token this crawler answers to (from its User-Agent, <c>ExtractApi/1.0</c>).</summary>
    public const string ProductToken = "ExtractApi";

    /// <summary>RFC 9309 2.5: crawlers must parse at least 500 KiB; beyond that the file is cut.</summary>
    public const int MaxBytes = 500 * 1024;

    private readonly IReadOnlyList<Rule> _rules;
    private readonly bool _disallowAll;

    private RobotsTxt(IReadOnlyList<Rule> rules, IReadOnlyList<string> sitemaps, TimeSpan? crawlDelay, bool disallowAll)
    {
        _rules = rules;
        Sitemaps = sitemaps;
        CrawlDelay = crawlDelay;
        _disallowAll = disallowAll;
    }

    /// <summary>No file (4xx): everything is allowed.</summary>
    public static RobotsTxt AllowAll { get; } = new([], [], null, false);

    /// <summary>The file could not be had (5xx, unreachable): RFC 9309 2.3.1.4 says assume everything is disallowed.</summary>
    public static RobotsTxt DisallowAll { get; } = new([], [], null, true);

    public IReadOnlyList<string> Sitemaps { get; }
    public TimeSpan? CrawlDelay { get; }

    public static RobotsTxt Parse(string text, string productToken = ProductToken)
    {
        if (text.Length > MaxBytes) text = text[..MaxBytes];
        var sitemaps = new List<string>();
        var groups = new List<(List<string> Agents, List<Rule> Rules, TimeSpan? Delay)>();
        (List<string> Agents, List<Rule> Rules, TimeSpan? Delay)? current = null;
        var lastWasAgent = false;

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0) line = line[..hash];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) continue;
            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (!lastWasAgent || current is null)
                    {
                        current = ([], [], null);
                        groups.Add(current.Value);
                    }
                    current.Value.Agents.Add(value);
                    lastWasAgent = true;
                    continue;
                case "allow" or "disallow":
                    // An empty disallow means nothing; a rule before any user-agent line belongs to no group.
                    if (current is { } group && value.Length > 0) group.Rules.Add(new Rule(key == "allow", NormalizeEncoding(value)));
                    break;
                case "crawl-delay":
                    if (current is { } delayed && double.TryParse(value, System.Globalization.NumberStyles.Float,
                            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                    {
                        var index = groups.IndexOf(delayed);
                        current = (delayed.Agents, delayed.Rules, TimeSpan.FromSeconds(Math.Min(seconds, 60)));
                        groups[index] = current.Value;
                    }
                    break;
                case "sitemap":
                    if (value.Length > 0) sitemaps.Add(value);
                    break;
            }
            lastWasAgent = false;
        }

        // RFC 9309 2.2.1: the groups naming the product token (merged), else the '*' groups (merged).
        var token = productToken.ToLowerInvariant();
        var chosen = groups.Where(g => g.Agents.Any(a => MatchesToken(a, token))).ToList();
        if (chosen.Count == 0) chosen = groups.Where(g => g.Agents.Any(a => a == "*")).ToList();
        return new RobotsTxt(chosen.SelectMany(g => g.Rules).ToList(), sitemaps,
            chosen.Select(g => g.Delay).FirstOrDefault(d => d is not null), false);
    }

    /// <summary>Whether the crawler may fetch <paramref name="url"/>. <c>/robots.txt</c> itself is always allowed.</summary>
    public bool IsAllowed(Uri url)
    {
        var path = NormalizeEncoding(url.PathAndQuery);
        if (path == "/robots.txt") return true;
        if (_disallowAll) return false;
        Rule? best = null;
        foreach (var rule in _rules)
        {
            if (!Matches(rule.Pattern, path)) continue;
            if (best is null || rule.Pattern.Length > best.Pattern.Length || (rule.Pattern.Length == best.Pattern.Length && rule.Allow)) best = rule;
        }
        return best?.Allow ?? true;
    }

    /// <summary>The user-agent line's product token matches ours: the token's characters, case-insensitively.</summary>
    private static bool MatchesToken(string agentLine, string token)
    {
        var name = agentLine.Split('/', ' ')[0].Trim().ToLowerInvariant();
        return name == token;
    }

    /// <summary>
    /// A robots path pattern against a URL path: <c>*</c> = any run, a final <c>$</c> = the end; otherwise the pattern
    /// is a prefix. Glob matching with one backtrack point (the last <c>*</c>): at most pattern × path steps.
    /// </summary>
    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored) pattern = pattern[..^1];
        else pattern += "*";
        int p = 0, s = 0, star = -1, resume = 0;
        while (s < path.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = s;
            }
            else if (p < pattern.Length && pattern[p] == path[s])
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++resume;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    /// <summary>
    /// Percent-encodings compared in one form: upper-case hex, unreserved characters decoded, other non-ASCII
    /// characters encoded as UTF-8 (RFC 9309 2.2.2).
    /// </summary>
    private static string NormalizeEncoding(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                var decoded = (char)Convert.ToInt32(value.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~') builder.Append(decoded);
                else builder.Append('%').Append(char.ToUpperInvariant(value[i + 1])).Append(char.ToUpperInvariant(value[i + 2]));
                i += 2;
            }
            else if (c > 127)
            {
                var character = char.IsHighSurrogate(c) && i + 1 < value.Length ? value.Substring(i++, 2) : c.ToString();
                foreach (var b in Encoding.UTF8.GetBytes(character)) builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    private sealed record Rule(bool Allow, string Pattern);
}
