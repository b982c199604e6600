namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// What the plugins computed for one pod in one scheduling attempt, and which plugins asked to be
/// skipped. One per attempt; not shared between threads.
/// </summary>
public sealed class CycleState
{
    private object?[] _slots = new object?[Math.Max(StateKeys.Count, 8)];
    private readonly HashSet<string> _skippedFilters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skippedScores = new(StringComparer.Ordinal);

    public void Write<T>(StateKey<T> key, T value)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Index >= _slots.Length)
        {
            Array.Resize(ref _slots, Math.Max(key.Index + 1, _slots.Length * 2));
        }

        _slots[key.Index] = value;
    }

    /// <summary>The value written under the key, or null.</summary>
    public T? Read<T>(StateKey<T> key)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Index < _slots.Length ? _slots[key.Index] as T : null;
    }

    /// <summary>Plugins whose PreFilter returned Skip: their Filter does not run this cycle.</summary>
    public IReadOnlySet<string> SkippedFilters => _skippedFilters;

    /// <summary>Plugins whose PreScore returned Skip: they give every node 0 this cycle.</summary>
    public IReadOnlySet<string> SkippedScores => _skippedScores;

    /// <summary>The filters that run this cycle (those whose PreFilter did not skip), in order.</summary>
    internal IFilterPlugin[] ActiveFilters { get; set; } = [];

    internal void SkipFilter(string plugin) => _skippedFilters.Add(plugin);

    internal void SkipScore(string plugin) => _skippedScores.Add(plugin);

    /// <summary>A copy for preemption's dry run on one node: changeable data is cloned, the rest shared.</summary>
    public CycleState Clone()
    {
        var copy = new CycleState { _slots = (object?[])_slots.Clone(), ActiveFilters = ActiveFilters };
        for (var i = 0; i < copy._slots.Length; i++)
        {
            if (copy._slots[i] is ICycleData data)
            {
                copy._slots[i] = data.Clone();
            }
        }

        copy._skippedFilters.UnionWith(_skippedFilters);
        copy._skippedScores.UnionWith(_skippedScores);
        return copy;
    }
}
