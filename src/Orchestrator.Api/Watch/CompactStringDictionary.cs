using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Api.Watch;

/// <summary>
/// A small read-only string map (an object's labels) as one array of key/value pairs, sorted by key: a
/// quarter of a Dictionary's memory for the few entries labels have, and immutable, so the watch cache
/// shares one instance among every object with the same labels (<see cref="CacheInterner"/>).
/// </summary>
public sealed class CompactStringDictionary : IReadOnlyDictionary<string, string>
{
    public static readonly CompactStringDictionary Empty = new([]);

    /// <summary>key0, value0, key1, value1, ... sorted by key (ordinal).</summary>
    private readonly string[] _pairs;

    private CompactStringDictionary(string[] pairs) => _pairs = pairs;

    public int Count => _pairs.Length / 2;

    public IEnumerable<string> Keys => Enumerable.Range(0, Count).Select(i => _pairs[2 * i]);

    public IEnumerable<string> Values => Enumerable.Range(0, Count).Select(i => _pairs[(2 * i) + 1]);

    internal string[] Pairs => _pairs;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);

    public static CompactStringDictionary Of(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            return Empty;
        }

        var pairs = new string[sorted.Count * 2];
        for (var i = 0; i < sorted.Count; i++)
        {
            pairs[2 * i] = sorted[i].Key;
            pairs[(2 * i) + 1] = sorted[i].Value;
        }

        return new CompactStringDictionary(pairs);
    }

    /// <summary>A map over <paramref name="pairs"/> as they are (already sorted pairs of this map's form).</summary>
    internal static CompactStringDictionary FromPairs(string[] pairs) => pairs.Length == 0 ? Empty : new CompactStringDictionary(pairs);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            if (string.Equals(_pairs[i], key, StringComparison.Ordinal))
            {
                value = _pairs[i + 1];
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            yield return new KeyValuePair<string, string>(_pairs[i], _pairs[i + 1]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
