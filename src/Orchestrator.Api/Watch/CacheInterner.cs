namespace Orchestrator.Api.Watch;

/// <summary>
/// Shares equal immutable parts among a watch cache's objects: namespaces, selectable field values
/// ("Running", "default-scheduler", a node's name), whole rows of them, and label sets (the pods of one
/// ReplicaSet carry the same labels). Owned by one <see cref="WatchCache"/> actor, so not thread-safe.
/// Bounded: once a table holds <see cref="Capacity"/> entries it starts over (what was shared stays shared).
/// </summary>
internal sealed class CacheInterner
{
    public const int Capacity = 4096;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string[], string[]> _rows = new(RowComparer.Instance);
    private readonly Dictionary<string[], CompactStringDictionary> _maps = new(RowComparer.Instance);

    public string Intern(string value)
    {
        if (value.Length == 0)
        {
            return string.Empty;
        }

        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (_strings.Count >= Capacity)
        {
            _strings.Clear();
        }

        _strings[value] = value;
        return value;
    }

    /// <summary>An equal row already held, or <paramref name="row"/> with its strings interned.</summary>
    public string[] Intern(string[] row)
    {
        if (row.Length == 0)
        {
            return [];
        }

        if (_rows.TryGetValue(row, out var shared))
        {
            return shared;
        }

        if (_rows.Count >= Capacity)
        {
            _rows.Clear();
        }

        for (var i = 0; i < row.Length; i++)
        {
            row[i] = Intern(row[i]);
        }

        _rows[row] = row;
        return row;
    }

    public IReadOnlyDictionary<string, string> Intern(IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return CompactStringDictionary.Empty;
        }

        var compact = map as CompactStringDictionary ?? CompactStringDictionary.Of(map);
        if (_maps.TryGetValue(compact.Pairs, out var shared))
        {
            return shared;
        }

        if (_maps.Count >= Capacity)
        {
            _maps.Clear();
        }

        var pairs = compact.Pairs;
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = Intern(pairs[i]);
        }

        _maps[pairs] = compact;
        return compact;
    }

    private sealed class RowComparer : IEqualityComparer<string[]>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(string[]? x, string[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y, StringComparer.Ordinal));

        public int GetHashCode(string[] row)
        {
            var hash = default(HashCode);
            foreach (var value in row)
            {
                hash.Add(value, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}
