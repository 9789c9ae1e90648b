using System.Runtime.InteropServices;
using AngleSharp.Dom;
using ExtractApi.Scraping;

namespace ExtractApi.Extraction;

/// <summary>
/// Finds repeated records by structure, not by class names (after MDR/DEPTA): under one parent, a
/// run of sibling elements (or of groups of 1-3 consecutive siblings) whose subtrees have the same
/// shape — the same tags on the same paths, compared as sets with a Jaccard similarity.
/// </summary>
internal static class RecordFinder
{
    private const double SameShape = 0.5;
    private const int ShapeDepth = 4;
    private const int MaxSpan = 3;

    public static List<RecordRegion> Find(IElement body)
    {
        var regions = new List<RecordRegion>();
        // Depth first, a parent before its children and siblings in document order, on an explicit stack: however
        // deep the page nests, the walk takes no call stack (a recursive walk overflowed on a hostile page).
        var pending = new Stack<(IElement Element, bool InFurniture)>();
        pending.Push((body, false));
        while (pending.TryPop(out var item))
        {
            var (parent, inFurniture) = item;
            // Most elements have one child element or none: a list only for those with several.
            IElement? only = null;
            List<IElement>? children = null;
            var nodes = parent.ChildNodes;
            for (var i = 0; i < nodes.Length; i++)
            {
                PageWork.Check();
                if (nodes[i] is not IElement child || child.LocalName is "script" or "style" or "noscript" or "template" or "svg" || Visibility.IsHidden(child))
                {
                    continue;
                }
                if (only is null)
                {
                    only = child;
                }
                else
                {
                    children ??= [only];
                    children.Add(child);
                }
            }
            if (children is not null)
            {
                FindRuns(parent, children, regions, inFurniture);
                for (var i = children.Count - 1; i >= 0; i--) pending.Push((children[i], InFurniture(children[i], inFurniture)));
            }
            else if (only is not null)
            {
                pending.Push((only, InFurniture(only, inFurniture)));
            }
        }
        return regions;
    }

    private static bool InFurniture(IElement child, bool parentInFurniture) =>
        parentInFurniture || child.LocalName is "nav" or "header" or "footer"
            || child.GetAttribute("role") is "navigation" or "banner" or "contentinfo" or "menu" or "menubar";

    /// <summary>
    /// For each span (1-3 siblings per record), the longest runs of records of the same shape; of a
    /// span's alignments, the one covering most siblings (the earliest on a tie), so a title row
    /// and its details row are one record rather than a details row and the next title row.
    /// </summary>
    private static void FindRuns(IElement parent, List<IElement> children, List<RecordRegion> regions, bool inFurniture)
    {
        // Each child's shape, worked out when a comparison first needs it.
        var shapes = new int[]?[children.Count];
        var coveredBySmallerSpan = 0;
        for (var span = 1; span <= MaxSpan && span * 2 <= children.Count; span++)
        {
            // Runs as (first sibling, records); only the alignment kept becomes records.
            List<(int Start, int Count)>? bestRuns = null;
            var bestCovered = 0;
            for (var offset = 0; offset < span; offset++)
            {
                var runs = new List<(int Start, int Count)>();
                var covered = 0;
                var start = offset;
                while (start + span <= children.Count)
                {
                    // Each next record has the shape of the run's first record or of the one before it (a record
                    // without a score or an image still belongs).
                    var end = start;
                    while (end + 2 * span <= children.Count
                        && (SameRecordShape(children, end, end + span, span, shapes) || SameRecordShape(children, start, end + span, span, shapes)))
                    {
                        end += span;
                    }
                    var count = ((end - start) / span) + 1;
                    if (count >= 2)
                    {
                        runs.Add((start, count));
                        covered += count * span;
                        start = end + span;
                    }
                    else
                    {
                        start += span;
                    }
                }
                if (covered > bestCovered)
                {
                    bestRuns = runs;
                    bestCovered = covered;
                }
            }
            // Several siblings are one record only when that explains more of them than a smaller span does.
            if (bestRuns is not null && (span == 1 || bestCovered > coveredBySmallerSpan))
            {
                foreach (var (start, count) in bestRuns)
                {
                    var records = new List<IReadOnlyList<IElement>>(count);
                    for (var i = 0; i < count; i++)
                    {
                        records.Add(children.GetRange(start + (i * span), span));
                    }
                    regions.Add(new RecordRegion(parent, span, records) { InPageFurniture = inFurniture });
                }
            }
            coveredBySmallerSpan = Math.Max(coveredBySmallerSpan, bestCovered);
        }
    }

    private static bool SameRecordShape(List<IElement> children, int first, int second, int span, int[]?[] shapes)
    {
        for (var t = 0; t < span; t++)
        {
            var a = first + t;
            var b = second + t;
            if (children[a].LocalName != children[b].LocalName
                || Similarity(shapes[a] ??= ShapeOf(children[a]), shapes[b] ??= ShapeOf(children[b])) < SameShape)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Jaccard similarity of two shapes (sorted, distinct path hashes).</summary>
    internal static double Similarity(int[] a, int[] b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }
        var common = 0;
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return (double)common / (a.Length + b.Length - common);
    }

    /// <summary>The tag paths under an element to a few levels down ("div/h3/a", "div/p"), hashed, sorted and distinct.</summary>
    internal static int[] ShapeOf(IElement element)
    {
        var paths = new List<int>();
        void Walk(IElement node, int pathHash, int depth)
        {
            foreach (var child in node.Children)
            {
                if (child.LocalName is "script" or "style" or "noscript" or "template")
                {
                    continue;
                }
                var hash = HashCode.Combine(pathHash, child.LocalName);
                paths.Add(hash);
                if (depth < ShapeDepth)
                {
                    Walk(child, hash, depth + 1);
                }
            }
        }
        Walk(element, element.LocalName.GetHashCode(StringComparison.Ordinal), 1);
        paths.Sort();
        var distinct = 0;
        for (var i = 0; i < paths.Count; i++)
        {
            if (i == 0 || paths[i] != paths[distinct - 1])
            {
                paths[distinct++] = paths[i];
            }
        }
        return CollectionsMarshal.AsSpan(paths)[..distinct].ToArray();
    }
}
