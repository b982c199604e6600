using System.Globalization;
using System.Text;

namespace Orchestrator.Model.Validation;

/// <summary>
/// The path of a field inside an object, printed like Kubernetes' field.Path:
/// <c>spec.containers[0].name</c>, <c>metadata.labels[app]</c>. Immutable; each step returns a new path.
/// </summary>
public sealed class FieldPath
{
    private readonly FieldPath? _parent;
    private readonly string _name;
    private readonly string _subscript;

    private FieldPath(FieldPath? parent, string name, string subscript)
    {
        _parent = parent;
        _name = name;
        _subscript = subscript;
    }

    /// <summary>A path starting at the given field names, e.g. <c>Root("metadata", "name")</c>.</summary>
    public static FieldPath Root(string name, params string[] more)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(more);
        var path = new FieldPath(null, name, string.Empty);
        foreach (var next in more)
        {
            path = path.Child(next);
        }

        return path;
    }

    /// <summary>A nested field (or several, in order).</summary>
    public FieldPath Child(string name, params string[] more)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(more);
        var path = new FieldPath(this, name, string.Empty);
        foreach (var next in more)
        {
            path = new FieldPath(path, next, string.Empty);
        }

        return path;
    }

    /// <summary>A list element: <c>[index]</c>.</summary>
    public FieldPath Index(int index) =>
        new(this, string.Empty, index.ToString(CultureInfo.InvariantCulture));

    /// <summary>A map entry: <c>[key]</c>.</summary>
    public FieldPath Key(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(this, string.Empty, key);
    }

    public override string ToString()
    {
        var steps = new Stack<FieldPath>();
        for (var step = this; step is not null; step = step._parent)
        {
            steps.Push(step);
        }

        var builder = new StringBuilder();
        foreach (var step in steps)
        {
            if (step._name.Length > 0)
            {
                if (step._parent is not null)
                {
                    builder.Append('.');
                }

                builder.Append(step._name);
            }
            else
            {
                builder.Append('[').Append(step._subscript).Append(']');
            }
        }

        return builder.ToString();
    }
}
