namespace Orchestrator.Api.Resources;

/// <summary>The kinds the gateway serves, looked up by URL (group, version, plural) or by kind.</summary>
public sealed class ResourceRegistry
{
    private readonly List<ResourceType> _types = [];
    private readonly Dictionary<(string Group, string Version, string Plural), ResourceType> _byPath = [];
    private readonly Dictionary<(string Group, string Kind), ResourceType> _byKind = [];
    private readonly Dictionary<(string Group, string Plural), ResourceType> _byPlural = [];

    public IReadOnlyList<ResourceType> Types => _types;

    public ResourceRegistry Add(ResourceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_byPath.TryAdd((type.Group, type.Version, type.Plural), type))
        {
            throw new ArgumentException($"{type} is registered twice", nameof(type));
        }

        _byKind[(type.Group, type.Kind)] = type;
        _byPlural[(type.Group, type.Plural)] = type;
        _types.Add(type);
        return this;
    }

    public ResourceType? Find(string group, string version, string plural) =>
        _byPath.TryGetValue((group, version, plural), out var type) ? type : null;

    /// <summary>The type a persistence id names (group and plural, whatever the version).</summary>
    public ResourceType? Find(string group, string plural) =>
        _byPlural.TryGetValue((group, plural), out var type) ? type : null;

    public ResourceType? FindByKind(string group, string kind) =>
        _byKind.TryGetValue((group, kind), out var type) ? type : null;

    /// <summary>The served group versions: ("", "v1"), ("apps", "v1"), ...</summary>
    public IEnumerable<(string Group, string Version)> GroupVersions =>
        _types.Select(t => (t.Group, t.Version)).Distinct();
}
