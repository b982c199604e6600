namespace Orchestrator.Hocon;

/// <summary>A resolved HOCON object; fields keep the order in which they were first defined.</summary>
public sealed class HoconObject : HoconValue
{
    private readonly Dictionary<string, HoconValue> _fields;
    private readonly string[] _keys;

    public HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields, HoconPosition? origin = null)
        : this(fields, origin, ignoresFallbacks: false)
    {
    }

    internal HoconObject(IEnumerable<KeyValuePair<string, HoconValue>> fields, HoconPosition? origin, bool ignoresFallbacks)
        : base(origin)
    {
        ArgumentNullException.ThrowIfNull(fields);
        IgnoresFallbacks = ignoresFallbacks;
        _fields = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var (key, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_fields.TryAdd(key, value))
            {
                keys.Add(key);
            }
            else
            {
                _fields[key] = value;
            }
        }

        _keys = [.. keys];
    }

    public static HoconObject Empty { get; } = new([]);

    public override HoconValueType Type => HoconValueType.Object;

    /// <summary>The field names in definition order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    public int Count => _keys.Length;

    /// <summary>
    /// Set when this object already hid a non-object below it: per the spec, merging is done in pairs,
    /// so objects further below can no longer merge into it.
    /// </summary>
    internal bool IgnoresFallbacks { get; }

    public IEnumerable<KeyValuePair<string, HoconValue>> Fields => _keys.Select(k => new KeyValuePair<string, HoconValue>(k, _fields[k]));

    public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HoconValue? value) =>
        _fields.TryGetValue(key, out value);

    public HoconValue? this[string key] => _fields.GetValueOrDefault(key);

    /// <summary>
    /// Merges two objects as HOCON merges duplicate keys: fields of <paramref name="preferred"/> win, and
    /// objects present in both are merged recursively. A non-object (even null) hides an object below it.
    /// </summary>
    public static HoconObject Merge(HoconObject preferred, HoconObject fallback)
    {
        ArgumentNullException.ThrowIfNull(preferred);
        ArgumentNullException.ThrowIfNull(fallback);
        if (preferred.IgnoresFallbacks)
        {
            return preferred;
        }

        if (fallback.Count == 0)
        {
            return fallback.IgnoresFallbacks ? preferred.WithIgnoresFallbacks() : preferred;
        }

        if (preferred.Count == 0)
        {
            return fallback;
        }

        var merged = new List<KeyValuePair<string, HoconValue>>(preferred.Count + fallback.Count);
        foreach (var (key, value) in preferred.Fields)
        {
            merged.Add(new(key, (value, fallback[key]) switch
            {
                (HoconObject over, HoconObject under) => Merge(over, under),
                (HoconObject over, not null) => over.WithIgnoresFallbacks(),
                _ => value,
            }));
        }

        foreach (var (key, value) in fallback.Fields)
        {
            if (!preferred._fields.ContainsKey(key))
            {
                merged.Add(new(key, value));
            }
        }

        return new HoconObject(merged, preferred.Origin, fallback.IgnoresFallbacks);
    }

    internal HoconObject WithIgnoresFallbacks() => IgnoresFallbacks ? this : new HoconObject(Fields, Origin, ignoresFallbacks: true);
}
