namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// <c>${path}</c> or <c>${?path}</c>. <see cref="Prefix"/> is the path of the object an included file was
/// included into: the spec fixes included substitutions up to be relative to it.
/// </summary>
internal sealed class SubstitutionNode : Node
{
    public SubstitutionNode(IReadOnlyList<string> path, bool optional, IReadOnlyList<string> prefix, HoconPosition position)
        : base(position)
    {
        Path = path;
        Optional = optional;
        Prefix = prefix;
    }

    public IReadOnlyList<string> Path { get; }

    public bool Optional { get; }

    public IReadOnlyList<string> Prefix { get; }

    public override bool ContainsSubstitution => true;

    public override string ToString() => (Optional ? "${?" : "${") + HoconPath.Render(Path) + "}";
}
