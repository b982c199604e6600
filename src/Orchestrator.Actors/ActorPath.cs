using System.Text;

namespace Orchestrator.Actors;

/// <summary>
/// Where an actor lives: <c>orchestrator://system/user/parent/child</c>. The uid tells apart
/// successive incarnations that reuse a name; it is not part of equality, as in Akka.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    public const string Scheme = "orchestrator";

    private string? _text;

    private ActorPath(string systemName, ActorPath? parent, string name, long uid)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
        Uid = uid;
    }

    public string SystemName { get; }

    public ActorPath? Parent { get; }

    /// <summary>The last element; empty for the root.</summary>
    public string Name { get; }

    public long Uid { get; }

    public string Address => $"{Scheme}://{SystemName}";

    /// <summary>The names below the root, outermost first: ["user", "a", "b"].</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new List<string>();
            for (var p = this; p.Parent is not null; p = p.Parent)
            {
                elements.Add(p.Name);
            }

            elements.Reverse();
            return elements;
        }
    }

    public static ActorPath Root(string systemName) => new(systemName, null, "", 0);

    public ActorPath Child(string name, long uid) => new(SystemName, this, name, uid);

    public bool Equals(ActorPath? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        return other is not null && Name == other.Name && SystemName == other.SystemName && Equals(Parent, other.Parent);
    }

    public override bool Equals(object? obj) => obj is ActorPath other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Name, Parent?.GetHashCode() ?? SystemName.GetHashCode(StringComparison.Ordinal));

    public override string ToString() => _text ??= Render();

    private string Render()
    {
        var builder = new StringBuilder(Address);
        var elements = Elements;
        if (elements.Count == 0)
        {
            builder.Append('/');
        }

        foreach (var element in elements)
        {
            builder.Append('/').Append(element);
        }

        return builder.ToString();
    }
}
