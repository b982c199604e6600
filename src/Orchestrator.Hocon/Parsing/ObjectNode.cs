namespace Orchestrator.Hocon.Parsing;

/// <summary>
/// An object literal. Each field keeps its ordered list of definitions (<see cref="FieldDefinitions"/>)
/// because a later definition may refer to an earlier one (<c>path = ${path} [x]</c>).
/// </summary>
internal sealed class ObjectNode : Node
{
    private readonly Dictionary<string, FieldDefinitions> _fields = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];

    public ObjectNode(HoconPosition position)
        : base(position)
    {
    }

    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Set when the object replaced a non-object definition: nothing below it may merge in.</summary>
    public bool HidesBelow { get; set; }

    public override bool ContainsSubstitution => _fields.Values.Any(f => f.ContainsSubstitution);

    public FieldDefinitions? Get(string key) => _fields.GetValueOrDefault(key);

    /// <summary>Adds <c>a.b.c = value</c> as <c>a { b { c = value } }</c>, merging like any duplicate key.</summary>
    public void Add(IReadOnlyList<string> keyPath, Node value, HoconPosition keyPosition)
    {
        var node = value;
        for (var i = keyPath.Count - 1; i > 0; i--)
        {
            var wrapper = new ObjectNode(keyPosition);
            wrapper.AddDefinition(keyPath[i], node);
            node = wrapper;
        }

        AddDefinition(keyPath[0], node);
    }

    public void AddDefinition(string key, Node value)
    {
        if (!_fields.TryGetValue(key, out var definitions))
        {
            definitions = new FieldDefinitions();
            _fields.Add(key, definitions);
            _keys.Add(key);
        }

        definitions.Add(value);
    }

    /// <summary>Adds every field of <paramref name="other"/> after this object's own, as a later duplicate would.</summary>
    public void MergeFrom(ObjectNode other)
    {
        foreach (var key in other._keys)
        {
            foreach (var definition in other._fields[key].Items)
            {
                AddDefinition(key, definition);
            }
        }
    }
}
