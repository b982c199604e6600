using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Pods;

/// <summary>
/// Which pods a scale-down removes first (Kubernetes' ActivePodsWithRanks, with PodDeletionCost and
/// LogarithmicScaleDown on as they are by default): unscheduled before scheduled; Pending before Unknown before
/// Running; not ready before ready; lower pod-deletion-cost first; pods on nodes crowded with related pods
/// first; ready for less time first; more container restarts first; newer first. Times are compared in
/// powers-of-two buckets of their age, ties broken by uid, so that among pods of a similar age the choice is
/// spread rather than always the very newest.
/// </summary>
public static class PodDeletionOrder
{
    /// <summary>
    /// The <paramref name="count"/> pods to delete out of <paramref name="pods"/>; <paramref name="related"/> are the
    /// active pods of every ReplicaSet of the same owner, whose count per node ranks the pods (doubled up first).
    /// </summary>
    public static IReadOnlyList<JsonObject> PodsToDelete(IReadOnlyList<JsonObject> pods, IReadOnlyList<JsonObject> related, int count, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(related);
        if (count >= pods.Count)
        {
            return pods;
        }

        var onNode = related.GroupBy(PodState.NodeName).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranked = pods.Select(p => (Pod: p, Rank: onNode.GetValueOrDefault(PodState.NodeName(p)))).ToList();
        ranked.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank, now));
        return [.. ranked.Take(count).Select(r => r.Pod)];
    }

    /// <summary>Negative when pod <paramref name="a"/> should go before pod <paramref name="b"/>.</summary>
    public static int Compare(JsonObject a, int rankA, JsonObject b, int rankB, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var nodeA = PodState.NodeName(a);
        var nodeB = PodState.NodeName(b);
        if (nodeA != nodeB && (nodeA.Length == 0 || nodeB.Length == 0))
        {
            return nodeA.Length == 0 ? -1 : 1;
        }

        var phase = PhaseOrdinal(a).CompareTo(PhaseOrdinal(b));
        if (phase != 0)
        {
            return phase;
        }

        var readyA = PodState.IsReady(a);
        var readyB = PodState.IsReady(b);
        if (readyA != readyB)
        {
            return readyA ? 1 : -1;
        }

        var cost = PodState.DeletionCost(a).CompareTo(PodState.DeletionCost(b));
        if (cost != 0)
        {
            return cost;
        }

        if (rankA != rankB)
        {
            return rankB.CompareTo(rankA);
        }

        if (readyA && readyB && PodState.ReadySince(a) is var sinceA && PodState.ReadySince(b) is var sinceB && sinceA != sinceB)
        {
            return CompareTimes(sinceA, sinceB, a, b, now);
        }

        var restarts = PodState.MaxRestarts(b).CompareTo(PodState.MaxRestarts(a));
        if (restarts != 0)
        {
            return restarts;
        }

        var createdA = Timestamps.Parse(KubeObject.GetString(a, "metadata", "creationTimestamp"));
        var createdB = Timestamps.Parse(KubeObject.GetString(b, "metadata", "creationTimestamp"));
        return createdA != createdB ? CompareTimes(createdA, createdB, a, b, now) : 0;
    }

    // Empty first, then the later time first; in buckets of log2(age in ns), ties broken by uid.
    private static int CompareTimes(DateTimeOffset? timeA, DateTimeOffset? timeB, JsonObject a, JsonObject b, DateTimeOffset now)
    {
        if (timeA is null || timeB is null)
        {
            return timeA is null ? -1 : 1;
        }

        var bucket = Bucket(timeA.Value, now).CompareTo(Bucket(timeB.Value, now));
        return bucket != 0 ? bucket : string.CompareOrdinal(KubeObject.Uid(a), KubeObject.Uid(b));
    }

    private static long Bucket(DateTimeOffset time, DateTimeOffset now)
    {
        var nanoseconds = (now - time).Ticks * 100.0;
        return nanoseconds > 0 ? (long)Math.Log2(nanoseconds) : -1;
    }

    private static int PhaseOrdinal(JsonObject pod) => PodState.Phase(pod) switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };
}
