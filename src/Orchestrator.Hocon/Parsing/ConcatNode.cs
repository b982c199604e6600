namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// Several values on one line that form one value: strings joined, arrays appended or objects merged,
/// depending on what the parts resolve to (<c>${base} [ /usr/bin ]</c>, <c>${defaults} { name = east }</c>).
/// </summary>
internal sealed class ConcatNode : Node
{
    public ConcatNode(IReadOnlyList<Node> parts, HoconPosition position)
        : base(position)
    {
        Parts = parts;
    }

    public IReadOnlyList<Node> Parts { get; }

    public override bool ContainsSubstitution => Parts.Any(p => p.ContainsSubstitution);
}
