using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Model.Validation;

/// <summary>
/// The errors found while validating one object. <see cref="ToString"/> gives Kubernetes' aggregated
/// form (one error alone, several as <c>[a, b]</c>, duplicates dropped) and
/// <see cref="ToInvalidMessage"/> the full <c>Pod "x" is invalid: ...</c> message of a 422.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named after Kubernetes' field.ErrorList.")]
public sealed class FieldErrorList : IReadOnlyList<FieldError>
{
    private readonly List<FieldError> _errors = [];

    public FieldErrorList()
    {
    }

    public FieldErrorList(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors.AddRange(errors);
    }

    public int Count => _errors.Count;

    public bool IsEmpty => _errors.Count == 0;

    public FieldError this[int index] => _errors[index];

    public void Add(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _errors.Add(error);
    }

    public void AddRange(IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        _errors.AddRange(errors);
    }

    public IEnumerator<FieldError> GetEnumerator() => _errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The aggregate message: empty when there are no errors.</summary>
    public override string ToString()
    {
        var messages = _errors.Select(error => error.ToString()).Distinct(StringComparer.Ordinal).ToList();
        return messages.Count switch
        {
            0 => string.Empty,
            1 => messages[0],
            _ => "[" + string.Join(", ", messages) + "]",
        };
    }

    /// <summary>
    /// The message of Kubernetes' Invalid status: <c>{kind} "{name}" is invalid: {errors}</c>, where the
    /// kind is qualified by its group unless it is in the core group (e.g. <c>Deployment.apps</c>).
    /// </summary>
    public string ToInvalidMessage(string qualifiedKind, string name)
    {
        ArgumentNullException.ThrowIfNull(qualifiedKind);
        ArgumentNullException.ThrowIfNull(name);
        var prefix = qualifiedKind + " " + GoFormat.Quote(name) + " is invalid";
        return IsEmpty ? prefix : prefix + ": " + ToString();
    }
}
