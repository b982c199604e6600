namespace Orchestrator.Hocon.Parsing;

/// <summary>A literal scalar (or a string concatenation of literals, folded at parse time).</summary>
internal sealed class ValueNode : Node
{
    public ValueNode(HoconScalar value, HoconPosition position)
        : base(position)
    {
        Value = value;
    }

    public HoconScalar Value { get; }

    public override bool ContainsSubstitution => false;
}
