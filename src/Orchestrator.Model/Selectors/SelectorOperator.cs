namespace Orchestrator.Model.Selectors;

/// <summary>The operators of label and field selectors (Kubernetes' selection.Operator).</summary>
public enum SelectorOperator
{
    /// <summary><c>key=value</c></summary>
    Equals,

    /// <summary><c>key==value</c></summary>
    DoubleEquals,

    /// <summary><c>key!=value</c>; also matches objects without the key.</summary>
    NotEquals,

    /// <summary><c>key in (a,b)</c></summary>
    In,

    /// <summary><c>key notin (a,b)</c>; also matches objects without the key.</summary>
    NotIn,

    /// <summary><c>key</c></summary>
    Exists,

    /// <summary><c>!key</c></summary>
    DoesNotExist,

    /// <summary><c>key&gt;5</c>: the label is an integer greater than the value.</summary>
    GreaterThan,

    /// <summary><c>key&lt;5</c>: the label is an integer less than the value.</summary>
    LessThan,
}
