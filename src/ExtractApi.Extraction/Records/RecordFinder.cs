using AngleSharp.Dom;

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
        var shapes = new Dictionary<IElement, HashSet<int>>();
        var regions = new List<RecordRegion>();
        Visit(body, shapes, regions, inFurniture: false);
        return regions;
    }

    private static void Visit(IElement parent, Dictionary<IElement, HashSet<int>> shapes, List<RecordRegion> regions, bool inFurniture)
    {
        var children = new List<IElement>();
        foreach (var child in parent.Children)
        {
            if (child.LocalName is "script" or "style" or "noscript" or "template" or "svg" || Visibility.IsHidden(child))
            {
                continue;
            }
            children.Add(child);
        }
        if (children.Count >= 2)
        {
            FindRuns(parent, children, shapes, regions, inFurniture);
        }
        foreach (var child in children)
        {
            Visit(child, shapes, regions, inFurniture || child.LocalName is "nav" or "header" or "footer"
                || child.GetAttribute("role") is "navigation" or "banner" or "contentinfo" or "menu" or "menubar");
        }
    }

    /// <summary>
    /// For each span (1-3 siblings per record), the longest runs of records of the same shape; of a
    /// span's alignments, the one covering most siblings (the earliest on a tie), so a title row
    /// and its details row are one record rather than a details row and the next title row.
    /// </summary>
    private static void FindRuns(IElement parent, List<IElement> children, Dictionary<IElement, HashSet<int>> shapes, List<RecordRegion> regions, bool inFurniture)
    {
        var coveredBySmallerSpan = 0;
        for (var span = 1; span <= MaxSpan && span * 2 <= children.Count; span++)
        {
            List<List<IReadOnlyList<IElement>>>? bestRuns = null;
            var bestCovered = 0;
            for (var offset = 0; offset < span; offset++)
            {
                var runs = new List<List<IReadOnlyList<IElement>>>();
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
                        var records = new List<IReadOnlyList<IElement>>();
                        for (var i = start; i <= end; i += span)
                        {
                            records.Add(children.GetRange(i, span));
                        }
                        runs.Add(records);
                        start = end + span;
                    }
                    else
                    {
                        start += span;
                    }
                }
                var covered = runs.Sum(r => r.Count) * span;
                if (covered > bestCovered)
                {
                    bestRuns = runs;
                    bestCovered = covered;
                }
            }
            // Several siblings are one record only when that explains more of them than a smaller span does.
            if (bestRuns is not null && (span == 1 || bestCovered > coveredBySmallerSpan))
            {
                regions.AddRange(bestRuns.Select(records => new RecordRegion(parent, span, records) { InPageFurniture = inFurniture }));
            }
            coveredBySmallerSpan = Math.Max(coveredBySmallerSpan, bestCovered);
        }
    }

    private static bool SameRecordShape(List<IElement> children, int first, int second, int span, Dictionary<IElement, HashSet<int>> shapes)
    {
        for (var t = 0; t < span; t++)
        {
            var a = children[first + t];
            var b = children[second + t];
            if (a.LocalName != b.LocalName || Similarity(ShapeOf(a, shapes), ShapeOf(b, shapes)) < SameShape)
            {
                return false;
            }
        }
        return true;
    }

    private static double Similarity(HashSet<int> a, HashSet<int> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }
        var common = 0;
        foreach (var path in a)
        {
            if (b.Contains(path))
            {
                common++;
            }
        }
        return (double)common / (a.Count + b.Count - common);
    }

    /// <summary>The tag paths under an element to a few levels down, hashed ("div/h3/a", "div/p").</summary>
    private static HashSet<int> ShapeOf(IElement element, Dictionary<IElement, HashSet<int>> shapes)
    {
        if (shapes.TryGetValue(element, out var shape))
        {
            return shape;
        }
        shape = [];
        void Walk(IElement node, int pathHash, int depth)
        {
            foreach (var child in node.Children)
            {
                if (child.LocalName is "script" or "style" or "noscript" or "template")
                {
                    continue;
                }
                var hash = HashCode.Combine(pathHash, child.LocalName);
                shape.Add(hash);
                if (depth < ShapeDepth)
                {
                    Walk(child, hash, depth + 1);
                }
            }
        }
        Walk(element, element.LocalName.GetHashCode(StringComparison.Ordinal), 1);
        shapes[element] = shape;
        return shape;
    }
}
