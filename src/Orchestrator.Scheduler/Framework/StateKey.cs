namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A typed slot in <see cref="CycleState"/>: a plugin creates one per piece of data it hands from one
/// extension point to the next (PreFilter to Filter, PreScore to Score). Kubernetes keys its CycleState
/// by string; an index keeps the per-node reads a plain array access.
/// </summary>
public sealed class StateKey<T>
    where T : class
{
    public StateKey(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Index = StateKeys.Next();
    }

    public string Name { get; }

    internal int Index { get; }

    public override string ToString() => Name;
}
