using ExtractApi.Jobs.Model;

namespace ExtractApi.Jobs.Engine;

/// <summary>The handlers by kind; a later registration for a kind replaces an earlier one.</summary>
public sealed class JobHandlers(IEnumerable<IJobHandler> handlers)
{
    private readonly Dictionary<JobKind, IJobHandler> _byKind = handlers.GroupBy(h => h.Kind).ToDictionary(g => g.Key, g => g.Last());

    public IJobHandler? For(JobKind kind) => _byKind.GetValueOrDefault(kind);
}
