namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// A parsed but unresolved value. Substitutions look forward and backward in the whole document,
/// so the parser builds these nodes first and <see cref="Resolver"/> turns them into <see cref="HoconValue"/>s.
/// </summary>
internal abstract class Node
{
    protected Node(HoconPosition position)
    {
        Position = position;
    }

    public HoconPosition Position { get; }

    /// <summary>True when resolving the node needs a lookup somewhere else in the document.</summary>
    public abstract bool ContainsSubstitution { get; }
}
