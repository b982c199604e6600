using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Orchestrator.Api.Watch;

/// <summary>
/// One object as the watch cache holds it: serialized once (with its resourceVersion), plus what
/// selectors need (labels, selectable fields) and whether it is being deleted, so lists, watches and
/// admission never re-parse it.
/// <para>
/// The cache holds one per stored object, so it is kept small: its key is built once (and is the
/// cache's and the lister's dictionary key too), the labels and the row of selectable field values are
/// shared with every object that has the same ones (<see cref="CacheInterner"/>), and the uid, which
/// nothing on a hot path reads, is read from the JSON when asked for.
/// </para>
/// </summary>
public sealed record CachedObject
{
    /// <param name="fieldNames">The type's selectable fields besides metadata.name and metadata.namespace.</param>
    /// <param name="fieldValues">Their values, in that order.</param>
    public CachedObject(
        string @namespace,
        string name,
        long revision,
        byte[] json,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyList<string> fieldNames,
        string[] fieldValues,
        bool deleting)
    {
        Namespace = @namespace;
        Name = name;
        Key = WatchCache.Key(@namespace, name);
        Revision = revision;
        Json = json;
        Labels = labels;
        FieldNames = fieldNames;
        FieldValues = fieldValues;
        Deleting = deleting;
    }

    public string Namespace { get; }

    public string Name { get; }

    /// <summary>The sort key of lists and the continue token: namespace/name, as etcd orders keys.</summary>
    public string Key { get; }

    public long Revision { get; }

    public byte[] Json { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public bool Deleting { get; }

    /// <summary>metadata.uid, read from the JSON.</summary>
    public string Uid
    {
        get
        {
            using var document = JsonDocument.Parse(Json);
            return document.RootElement.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("uid", out var uid) && uid.ValueKind == JsonValueKind.String
                ? uid.GetString()!
                : "";
        }
    }

    /// <summary>The selectable fields (metadata.name, metadata.namespace and the type's own) with their values.</summary>
    public IReadOnlyDictionary<string, string> Fields => new FieldView(this);

    private IReadOnlyList<string> FieldNames { get; }

    private string[] FieldValues { get; }

    /// <summary>A selectable field's value; null when the type has no such field.</summary>
    public string? Field(string field)
    {
        switch (field)
        {
            case "metadata.name":
                return Name;
            case "metadata.namespace":
                return Namespace;
        }

        for (var i = 0; i < FieldNames.Count; i++)
        {
            if (string.Equals(FieldNames[i], field, StringComparison.Ordinal))
            {
                return FieldValues[i];
            }
        }

        return null;
    }

    private sealed class FieldView(CachedObject obj) : IReadOnlyDictionary<string, string>
    {
        public int Count => obj.FieldNames.Count + 2;

        public IEnumerable<string> Keys => this.Select(e => e.Key);

        public IEnumerable<string> Values => this.Select(e => e.Value);

        public string this[string key] => obj.Field(key) ?? throw new KeyNotFoundException(key);

        public bool ContainsKey(string key) => obj.Field(key) is not null;

        public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
        {
            value = obj.Field(key);
            return value is not null;
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            yield return new("metadata.name", obj.Name);
            yield return new("metadata.namespace", obj.Namespace);
            for (var i = 0; i < obj.FieldNames.Count; i++)
            {
                yield return new(obj.FieldNames[i], obj.FieldValues[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
