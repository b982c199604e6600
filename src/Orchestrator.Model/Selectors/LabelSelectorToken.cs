namespace Orchestrator.Model.Selectors;

/// <summary>The lexical tokens of the label selector syntax.</summary>
internal enum LabelSelectorToken
{
    Error,
    EndOfString,
    ClosedParenthesis,
    Comma,
    DoesNotExist,
    DoubleEquals,
    Equals,
    GreaterThan,
    Identifier,
    In,
    LessThan,
    NotEquals,
    NotIn,
    OpenParenthesis,
}
