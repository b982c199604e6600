namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// The definitions of one field, oldest first. Object literals merge as they arrive and a literal that
/// hides everything below it replaces the list, so only definitions whose type is unknown until
/// resolution (substitutions, concatenations) stack up and are merged by the <see cref="Resolver"/>.
/// </summary>
internal sealed class FieldDefinitions
{
    private readonly List<Node> _items = [];

    public IReadOnlyList<Node> Items => _items;

    public bool ContainsSubstitution => _items.Any(i => i.ContainsSubstitution);

    public void Add(Node node)
    {
        var last = _items.Count > 0 ? _items[^1] : null;
        if (node is ObjectNode { HidesBelow: true })
        {
            // Replayed from an included file, where it already replaced a non-object.
            _items.Clear();
            _items.Add(node);
            return;
        }

        if (node is ObjectNode obj && last is ObjectNode lastObject)
        {
            lastObject.MergeFrom(obj);
            return;
        }

        // A literal that is not an object never merges with what came before, and an object does not
        // merge with a literal: either way nothing below can show through any more.
        if (node is ObjectNode replacing && last is not null && IsPlainLiteral(last))
        {
            replacing.HidesBelow = true;
            _items.Clear();
        }
        else if (IsPlainLiteral(node))
        {
            _items.Clear();
        }

        _items.Add(node);
    }

    private static bool IsPlainLiteral(Node node) =>
        node is ValueNode || (node is ArrayNode array && !array.ContainsSubstitution);
}
