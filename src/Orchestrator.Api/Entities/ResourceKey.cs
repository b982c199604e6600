using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Entities;

/// <summary>
/// Identifies one object: its type, namespace ("" when cluster-scoped) and name. Its persistence id,
/// <c>group/plural/namespace/name</c> (group "core" for the core group), names its event stream.
/// </summary>
public sealed record ResourceKey(ResourceType Type, string Namespace, string Name)
{
    private string? _persistenceId;

    public string PersistenceId => _persistenceId ??= Format(Type.Group, Type.Plural, Namespace, Name);

    public static string Format(string group, string plural, string ns, string name) =>
        $"{(group.Length == 0 ? "core" : group)}/{plural}/{ns}/{name}";

    /// <summary>Splits a persistence id back into its parts; false for ids that are not objects.</summary>
    public static bool TryParse(string persistenceId, out string group, out string plural, out string ns, out string name)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var parts = persistenceId.Split('/');
        if (parts.Length != 4)
        {
            group = plural = ns = name = "";
            return false;
        }

        group = parts[0] == "core" ? "" : parts[0];
        plural = parts[1];
        ns = parts[2];
        name = parts[3];
        return true;
    }

    /// <summary>A stable hash (FNV-1a), the same in every process, so every replica maps a key to the same shard.</summary>
    public int ShardOf(int shards)
    {
        var hash = 2166136261u;
        foreach (var c in PersistenceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shards);
    }

    public override string ToString() => PersistenceId;
}
