namespace Orchestrator.Model.Patching;

/// <summary>
/// A field in the strategic merge schema tree of one kind. A list field's children describe the fields
/// of its elements. Fields not in the table are <see cref="Unknown"/>: maps merge, lists are replaced.
/// </summary>
internal sealed class PatchSchemaNode
{
    private readonly Dictionary<string, PatchSchemaNode> _children = new(StringComparer.Ordinal);

    private PatchSchemaNode(string path) => Path = path;

    public static PatchSchemaNode Unknown { get; } = new("<unknown>");

    public string Path { get; }

    /// <summary>True when the list merges (patchStrategy merge); false when it is replaced.</summary>
    public bool IsMergeList { get; private set; }

    /// <summary>The patchMergeKey; empty for a list of primitives or a field without one.</summary>
    public string MergeKey { get; private set; } = string.Empty;

    public static PatchSchemaNode Build(IEnumerable<ListMergeRule> rules)
    {
        var root = new PatchSchemaNode(string.Empty);
        foreach (var rule in rules)
        {
            var node = root;
            foreach (var segment in rule.Path.Split('.'))
            {
                if (!node._children.TryGetValue(segment, out var child))
                {
                    child = new PatchSchemaNode(node.Path.Length == 0 ? segment : node.Path + "." + segment);
                    node._children.Add(segment, child);
                }

                node = child;
            }

            node.IsMergeList = true;
            node.MergeKey = rule.MergeKey;
        }

        return root;
    }

    public PatchSchemaNode Child(string field) =>
        _children.TryGetValue(field, out var child) ? child : Unknown;
}
