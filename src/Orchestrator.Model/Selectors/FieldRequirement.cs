namespace Orchestrator.Model.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> or <c>field!=value</c>.</summary>
/// <param name="Field">The field path, e.g. <c>spec.nodeName</c>.</param>
/// <param name="Operator"><see cref="SelectorOperator.Equals"/> or <see cref="SelectorOperator.NotEquals"/>.</param>
/// <param name="Value">The unescaped value.</param>
public sealed record FieldRequirement(string Field, SelectorOperator Operator, string Value)
{
    public bool Matches(Func<string, string?> getField)
    {
        ArgumentNullException.ThrowIfNull(getField);
        var actual = getField(Field) ?? string.Empty;
        var equal = string.Equals(actual, Value, StringComparison.Ordinal);
        return Operator == SelectorOperator.NotEquals ? !equal : equal;
    }

    /// <summary><c>field=value</c> or <c>field!=value</c> with the value escaped.</summary>
    public override string ToString() =>
        Field + (Operator == SelectorOperator.NotEquals ? "!=" : "=") + FieldSelector.EscapeValue(Value);
}
