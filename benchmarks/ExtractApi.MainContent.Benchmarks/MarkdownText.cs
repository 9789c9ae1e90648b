using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ExtractApi.MainContent.Benchmarks;

/// <summary>Markdown read back into the text a reader sees: no syntax, no link targets, no images.</summary>
internal static class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().Build();

    public static string ToPlainText(string markdown)
    {
        var text = new StringBuilder(markdown.Length);
        foreach (var node in Markdown.Parse(markdown, Pipeline).Descendants())
        {
            switch (node)
            {
                case LiteralInline literal when literal.FirstParentOfType<LinkInline>() is not { IsImage: true }:
                    text.Append(literal.Content.AsSpan());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
                case LineBreakInline:
                    text.Append('\n');
                    break;
                case LeafBlock leaf:
                    if (leaf is CodeBlock && leaf.Lines.Count > 0)
                    {
                        text.Append(leaf.Lines.ToString());
                    }

                    // Inlines follow their block in Descendants(); the break keeps blocks apart.
                    text.Append('\n');
                    break;
                case Markdig.Extensions.Tables.TableCell:
                    text.Append('\n');
                    break;
            }
        }

        return text.ToString();
    }
}
