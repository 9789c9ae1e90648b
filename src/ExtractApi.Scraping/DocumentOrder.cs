using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>Walks a subtree in document order without recursion (deep pages would overflow the stack).</summary>
internal static class DocumentOrder
{
    /// <summary>The node after <paramref name="node"/> under <paramref name="root"/>: its first child when
    /// <paramref name="descend"/>, else the next node that is not inside it; null when the subtree is done.</summary>
    public static INode? Next(INode node, INode root, bool descend)
    {
        PageWork.Check();
        if (descend && node.FirstChild is { } child) return child;
        for (INode? current = node; current is not null && current != root; current = current.Parent)
        {
            if (current.FollowingSibling() is { } next) return next;
        }
        return null;
    }
}
