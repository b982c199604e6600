using System.Collections.Concurrent;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// The strings the scheduler's pod views share: property names ("metadata", "tolerations", "cpu") and values that
/// repeat from pod to pod ("default", "default-scheduler", "50m", a node's name, a label). A parsed watch event
/// allocates each of them anew for every pod, and with 50,000 pods cached the copies were a few hundred bytes
/// a pod of the scheduler's memory. Bounded: past <see cref="Capacity"/> entries the table starts over (what was
/// shared stays shared). Thread-safe, as the informer transform it serves is a static function.
/// </summary>
internal static class PodViewStrings
{
    /// <summary>Room for every field name and for the node names of a 5,000-node cluster, with their labels' values.</summary>
    public const int Capacity = 16 * 1024;

    /// <summary>Longer strings are kept as they are: they are seldom shared and would crowd the table.</summary>
    public const int MaxLength = 128;

    private static readonly ConcurrentDictionary<string, string> Shared = new(StringComparer.Ordinal);

    /// <summary>An equal string already shared, or <paramref name="value"/> itself, now shared.</summary>
    public static string Intern(string value)
    {
        if (value.Length == 0 || value.Length > MaxLength)
        {
            return value.Length == 0 ? string.Empty : value;
        }

        if (Shared.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (Shared.Count >= Capacity)
        {
            Shared.Clear();
        }

        return Shared.GetOrAdd(value, value);
    }
}
