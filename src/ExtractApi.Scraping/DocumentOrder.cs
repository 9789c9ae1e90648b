using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// Walks a subtree in document order without recursion: however deep a page nests, a walk takes no call stack (a
/// recursive walk overflowed a small stack on a hostile page). Every step is a <see cref="PageWork.Check"/>.
/// </summary>
public static class DocumentOrder
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

    /// <summary>The first element under <paramref name="root"/> (not the root itself), in document order, that matches.</summary>
    public static IElement? FirstElement(INode root, Func<IElement, bool> match)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(match);
        for (var node = root.FirstChild; node is not null; node = Next(node, root, descend: true))
        {
            if (node is IElement element && match(element)) return element;
        }
        return null;
    }

    /// <summary>
    /// Visits the nodes under <paramref name="root"/> (not the root itself) in document order: <paramref name="enter"/>
    /// says whether to go inside a node, and <paramref name="leave"/> is called for a node it went inside once its
    /// descendants are done (as a recursive walk would after its recursive call).
    /// </summary>
    public static void Walk(INode root, Func<INode, bool> enter, Action<INode>? leave = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(enter);
        var node = root.FirstChild;
        while (node is not null)
        {
            PageWork.Check();
            var inside = enter(node);
            if (inside && node.FirstChild is { } child)
            {
                node = child;
                continue;
            }
            if (inside) leave?.Invoke(node);
            // Up to the next sibling of this node or of the nearest ancestor that has one, leaving each ancestor passed.
            while (true)
            {
                if (node.FollowingSibling() is { } next)
                {
                    node = next;
                    break;
                }
                node = node.Parent;
                if (node is null || node == root)
                {
                    node = null;
                    break;
                }
                leave?.Invoke(node);
            }
        }
    }
}
