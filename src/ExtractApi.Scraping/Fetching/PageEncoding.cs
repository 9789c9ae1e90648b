using System.Text;

namespace ExtractApi.Scraping.Fetching;

/// <summary>
/// The character encoding a fetched page is read in, as a browser decides it (the HTML standard's
/// encoding sniffing, without guessing from byte frequencies): a byte order mark, else the charset
/// of the Content-Type header, else — for HTML — the <c>&lt;meta charset&gt;</c> or
/// <c>&lt;meta http-equiv="Content-Type" content="…; charset=…"&gt;</c> found by a prescan of the
/// first 1,024 bytes, else UTF-8. Labels are read as the Encoding standard reads them: ISO-8859-1,
/// Latin-1 and US-ASCII mean windows-1252, a UTF-16 label in a meta tag means UTF-8.
/// </summary>
public static class PageEncoding
{
    private static readonly System.Buffers.SearchValues<char> ValueEnd = System.Buffers.SearchValues.Create(" \t\n\f\r;");

    /// <summary>How many bytes of the page the meta prescan looks at (the HTML standard's figure).</summary>
    public const int PrescanBytes = 1024;

    /// <summary>Labels the Encoding standard maps to windows-1252 (.NET would read some as Latin-1 or 7-bit ASCII).</summary>
    private static readonly HashSet<string> Windows1252Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591",
        "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252",
    };

    /// <summary>The page as text, in the encoding <see cref="Detect"/> finds, without its byte order mark.</summary>
    /// <param name="contentType">The Content-Type header as received (null when there was none).</param>
    /// <param name="html">Whether the body is HTML, whose markup may declare its charset.</param>
    public static string Decode(byte[] body, string? contentType, bool html = true)
    {
        var (encoding, bomLength) = Detect(body, contentType, html);
        return encoding.GetString(body, bomLength, body.Length - bomLength);
    }

    /// <summary>The encoding to read <paramref name="body"/> in, and the length of its byte order mark (0 without one).</summary>
    public static (Encoding Encoding, int BomLength) Detect(ReadOnlySpan<byte> body, string? contentType, bool html = true)
    {
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (new UTF8Encoding(false), 3);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return (new UnicodeEncoding(bigEndian: true, byteOrderMark: false), 2);
        }
        if (body.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return (new UnicodeEncoding(bigEndian: false, byteOrderMark: false), 2);
        }
        if (CharsetParameter(contentType) is { } declared && ForLabel(declared) is { } transport)
        {
            return (transport, 0);
        }
        if (html && Prescan(body[..Math.Min(body.Length, PrescanBytes)]) is { } label && ForLabel(label) is { } meta)
        {
            // A page that claims UTF-16 in ASCII-compatible markup cannot be UTF-16: the standard reads it as UTF-8.
            return (meta is UnicodeEncoding ? new UTF8Encoding(false) : meta, 0);
        }
        return (new UTF8Encoding(false), 0);
    }

    /// <summary>The encoding an Encoding-standard label names, or null for a label nobody knows.</summary>
    public static Encoding? ForLabel(string label)
    {
        label = label.Trim().Trim('"', '\'').Trim();
        if (label.Length == 0)
        {
            return null;
        }
        if (Windows1252Labels.Contains(label))
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252);
        }
        if (label.Equals("x-user-defined", StringComparison.OrdinalIgnoreCase))
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(1252);
        }
        try
        {
            // Built-in encodings (UTF-8, UTF-16, UTF-32) first, then the code pages (Shift_JIS, windows-125x, KOI8-R, GBK...).
            return label.Equals("utf8", StringComparison.OrdinalIgnoreCase) || label.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                ? new UTF8Encoding(false)
                : CodePagesEncodingProvider.Instance.GetEncoding(label) ?? Encoding.GetEncoding(label);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The <c>charset</c> parameter of a Content-Type ("text/html; charset=Shift_JIS" → "Shift_JIS").</summary>
    public static string? CharsetParameter(string? contentType)
    {
        if (contentType is null)
        {
            return null;
        }
        foreach (var part in contentType.Split(';'))
        {
            var parameter = part.Trim();
            if (parameter.StartsWith("charset", StringComparison.OrdinalIgnoreCase)
                && parameter.AsSpan(7).TrimStart() is ['=', .. var value])
            {
                return value.Trim().Trim('"').ToString();
            }
        }
        return null;
    }

    /// <summary>
    /// The HTML standard's prescan for a charset declaration: tags are read with their attributes (so a
    /// "&lt;meta" inside a comment, a script string or another tag's attribute does not count); the first
    /// <c>meta</c> whose <c>charset</c> attribute, or whose <c>http-equiv="content-type"</c> with a
    /// <c>content</c> naming a charset, gives a label wins.
    /// </summary>
    public static string? Prescan(ReadOnlySpan<byte> head)
    {
        var position = 0;
        while (position < head.Length)
        {
            if (head[position..].StartsWith("<!--"u8))
            {
                var end = head[(position + 4)..].IndexOf("-->"u8);
                if (end < 0)
                {
                    return null;
                }
                position += 4 + end + 3;
            }
            else if (IsTagStart(head, position, "meta"u8))
            {
                position += 5;
                string? charset = null;
                string? content = null;
                var httpEquivContentType = false;
                while (ReadAttribute(head, ref position) is { } attribute)
                {
                    switch (attribute.Name)
                    {
                        case "charset":
                            charset ??= attribute.Value;
                            break;
                        case "http-equiv":
                            httpEquivContentType |= attribute.Value.Equals("content-type", StringComparison.OrdinalIgnoreCase);
                            break;
                        case "content":
                            content ??= attribute.Value;
                            break;
                    }
                }
                var label = charset is { Length: > 0 } ? charset
                    : httpEquivContentType && content is not null ? CharsetInContent(content)
                    : null;
                if (label is { Length: > 0 } && ForLabel(label) is not null)
                {
                    return label;
                }
            }
            else if (head[position] == '<' && position + 1 < head.Length && (IsAsciiLetter(head[position + 1])
                || (head[position + 1] == '/' && position + 2 < head.Length && IsAsciiLetter(head[position + 2]))))
            {
                // Another tag: skip its name and attributes, whose values may hold anything.
                position++;
                while (position < head.Length && !IsSpace(head[position]) && head[position] is not (byte)'>')
                {
                    position++;
                }
                while (ReadAttribute(head, ref position) is not null)
                {
                }
            }
            else if (head[position..].StartsWith("<!"u8) || head[position..].StartsWith("</"u8) || head[position..].StartsWith("<?"u8))
            {
                var end = head[position..].IndexOf((byte)'>');
                if (end < 0)
                {
                    return null;
                }
                position += end + 1;
            }
            else
            {
                position++;
            }
        }
        return null;
    }

    /// <summary>"&lt;meta" (any case) followed by a space or a slash.</summary>
    private static bool IsTagStart(ReadOnlySpan<byte> head, int position, ReadOnlySpan<byte> tag)
    {
        if (position + tag.Length + 1 >= head.Length || head[position] != '<')
        {
            return false;
        }
        for (var i = 0; i < tag.Length; i++)
        {
            if ((head[position + 1 + i] | 0x20) != tag[i])
            {
                return false;
            }
        }
        var after = head[position + 1 + tag.Length];
        return IsSpace(after) || after == '/';
    }

    /// <summary>Reads one attribute of a tag (name lower-cased); null at the tag's end or the end of the bytes, which it moves past.</summary>
    private static (string Name, string Value)? ReadAttribute(ReadOnlySpan<byte> head, ref int position)
    {
        while (position < head.Length && (IsSpace(head[position]) || head[position] == '/'))
        {
            position++;
        }
        if (position >= head.Length || head[position] == '>')
        {
            position++;
            return null;
        }
        var name = new StringBuilder();
        while (position < head.Length && !IsSpace(head[position]) && head[position] is not ((byte)'=' or (byte)'>') && !(head[position] == '/' && name.Length > 0))
        {
            name.Append(char.ToLowerInvariant((char)head[position]));
            position++;
        }
        while (position < head.Length && IsSpace(head[position]))
        {
            position++;
        }
        if (position >= head.Length || head[position] != '=')
        {
            return (name.ToString(), "");
        }
        position++;
        while (position < head.Length && IsSpace(head[position]))
        {
            position++;
        }
        var value = new StringBuilder();
        if (position < head.Length && head[position] is (byte)'"' or (byte)'\'')
        {
            var quote = head[position++];
            while (position < head.Length && head[position] != quote)
            {
                value.Append((char)head[position++]);
            }
            position++;
        }
        else
        {
            while (position < head.Length && !IsSpace(head[position]) && head[position] != '>')
            {
                value.Append((char)head[position++]);
            }
        }
        return (name.ToString(), value.ToString());
    }

    /// <summary>The charset a meta tag's content names ("text/html; charset=windows-1252" → "windows-1252").</summary>
    private static string? CharsetInContent(string content)
    {
        var at = content.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }
        var rest = content.AsSpan(at + 7).TrimStart();
        if (rest is not ['=', ..])
        {
            return CharsetInContent(content[(at + 7)..]);
        }
        rest = rest[1..].TrimStart();
        if (rest is [var quote and ('"' or '\''), ..])
        {
            var end = rest[1..].IndexOf(quote);
            return end < 0 ? null : rest.Slice(1, end).ToString();
        }
        var stop = rest.IndexOfAny(ValueEnd);
        return (stop < 0 ? rest : rest[..stop]).ToString();
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\f' or (byte)'\r';

    private static bool IsAsciiLetter(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';
}
