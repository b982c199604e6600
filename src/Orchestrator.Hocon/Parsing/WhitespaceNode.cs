namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// Unquoted whitespace between two parts of a concatenation: kept when the parts turn out to be
/// strings (<c>foo bar</c>), ignored when they turn out to be arrays or objects (<c>${a} [1]</c>).
/// </summary>
internal sealed class WhitespaceNode : Node
{
    public WhitespaceNode(string text, HoconPosition position)
        : base(position)
    {
        Text = text;
    }

    public string Text { get; }

    public override bool ContainsSubstitution => false;
}
