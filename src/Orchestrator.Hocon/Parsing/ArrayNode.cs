namespace Orchestrator.Hocon.Parsing;

/// <summary>An array literal whose elements may still hold substitutions.</summary>
internal sealed class ArrayNode : Node
{
    private bool? _containsSubstitution;

    public ArrayNode(IReadOnlyList<Node> elements, HoconPosition position)
        : base(position)
    {
        Elements = elements;
    }

    public IReadOnlyList<Node> Elements { get; }

    public override bool ContainsSubstitution => _containsSubstitution ??= Elements.Any(e => e.ContainsSubstitution);
}
