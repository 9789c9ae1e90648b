using System.Runtime.CompilerServices;
using AngleSharp.Dom;

namespace ExtractApi.Scraping;

/// <summary>
/// A node's neighbours in constant time while walking. AngleSharp finds <c>NextSibling</c> and
/// <c>NextElementSibling</c> by searching the parent's child list for the node, so stepping through N siblings costs
/// N² (80,000 links side by side took half a minute to clean and convert). Each parent with many children remembers
/// where the last step left off, so a walk over its children is linear; a parent with few children is searched as
/// AngleSharp would. The positions are held weakly, per document node, and go with the document.
/// </summary>
public static class Siblings
{
    /// <summary>Up to this many children a plain search is as cheap as remembering the position.</summary>
    private const int SmallList = 32;

    private static readonly ConditionalWeakTable<INode, Cursor> Cursors = new();

    /// <summary>The node after <paramref name="node"/> under the same parent, or null.</summary>
    public static INode? FollowingSibling(this INode node)
    {
        PageWork.Check();
        if (node.Parent is not { } parent) return null;
        var children = parent.ChildNodes;
        var at = IndexOf(parent, children, node);
        if (at < 0 || at + 1 >= children.Length) return null;
        Remember(parent, children, at, at + 1);
        return children[at + 1];
    }

    /// <summary>The element after <paramref name="node"/> under the same parent, or null.</summary>
    public static IElement? FollowingElement(this INode node)
    {
        PageWork.Check();
        if (node.Parent is not { } parent) return null;
        var children = parent.ChildNodes;
        var index = IndexOf(parent, children, node);
        if (index < 0) return null;
        for (var i = index + 1; i < children.Length; i++)
        {
            if (children[i] is IElement element)
            {
                Remember(parent, children, index, i);
                return element;
            }
        }
        return null;
    }

    /// <summary>The element before <paramref name="node"/> under the same parent, or null.</summary>
    public static IElement? PrecedingElement(this INode node)
    {
        PageWork.Check();
        if (node.Parent is not { } parent) return null;
        var children = parent.ChildNodes;
        var index = IndexOf(parent, children, node);
        if (index >= 0) Remember(parent, children, index, index);
        for (var i = index - 1; i >= 0; i--)
        {
            if (children[i] is IElement element)
            {
                // A walk backwards asks next about the element returned here.
                Remember(parent, children, index, i);
                return element;
            }
        }
        return null;
    }

    private static int IndexOf(INode parent, INodeList children, INode node)
    {
        if (children.Length > SmallList && Cursors.TryGetValue(parent, out var cursor))
        {
            // The node a step returned last (a walk moving on), the node asked about last (asked again), or a
            // neighbour of either (a walk that steps over text nodes, or turns around).
            if (Holds(children, cursor.Returned, node)) return cursor.Returned;
            if (Holds(children, cursor.Asked, node)) return cursor.Asked;
            foreach (var near in (ReadOnlySpan<int>)[cursor.Returned + 1, cursor.Returned - 1, cursor.Asked + 1, cursor.Asked - 1])
            {
                if (Holds(children, near, node)) return near;
            }
        }
        for (var i = 0; i < children.Length; i++)
        {
            if (ReferenceEquals(children[i], node))
            {
                if (children.Length > SmallList) Cursors.GetOrCreateValue(parent).Asked = i;
                return i;
            }
        }
        return -1;
    }

    private static bool Holds(INodeList children, int index, INode node) =>
        index >= 0 && index < children.Length && ReferenceEquals(children[index], node);

    /// <summary>Where a walk is among the parent's children; checked against the list when used, so a changed list is never trusted.</summary>
    private static void Remember(INode parent, INodeList children, int asked, int returned)
    {
        if (children.Length <= SmallList) return;
        var cursor = Cursors.GetOrCreateValue(parent);
        cursor.Asked = asked;
        cursor.Returned = returned;
    }

    private sealed class Cursor
    {
        public int Asked = -1;
        public int Returned = -1;
    }
}
