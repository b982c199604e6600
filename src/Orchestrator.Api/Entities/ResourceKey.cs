using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Entities;

/// <summary>
/// Identifies one object: its type's group and plural, its namespace ("" when cluster-scoped) and its
/// name. Its persistence id, <c>group/plural/namespace/name</c> (group "core" for the core group), names
/// its event stream and is its entity id in the shard region. Plain strings, so it crosses nodes.
/// </summary>
public sealed record ResourceKey(string Group, string Plural, string Namespace, string Name)
{
    private string? _persistenceId;

    public string PersistenceId => _persistenceId ??= Format(Group, Plural, Namespace, Name);

    public static ResourceKey Of(ResourceType type, string ns, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        return new ResourceKey(type.Group, type.Plural, ns, name);
    }

    public static string Format(string group, string plural, string ns, string name) =>
        $"{(group.Length == 0 ? "core" : group)}/{plural}/{ns}/{name}";

    /// <summary>The key a persistence id names; false for ids that are not objects.</summary>
    public static bool TryParse(string persistenceId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceKey? key)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var parts = persistenceId.Split('/');
        key = parts.Length == 4 ? new ResourceKey(parts[0] == "core" ? "" : parts[0], parts[1], parts[2], parts[3]) : null;
        return key is not null;
    }

    public override string ToString() => PersistenceId;
}
