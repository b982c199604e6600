using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter: (1) every required affinity term of the pod must find a matching pod in the node's domain of
/// its topology key (the first pod of a group that matches its own terms may start anywhere the keys
/// exist when no such pod exists yet) — preemption cannot help; (2) no required anti-affinity term of
/// the pod may find a matching pod in the node's domain; (3) no pod already placed may have a required
/// anti-affinity term that matches this pod in a domain the node belongs to — the symmetry of
/// anti-affinity. Score: per topology domain, the weights of the pod's preferred affinity terms matched
/// by pods there, minus those of its preferred anti-affinity terms, plus the same seen from the pods
/// already placed (their preferred terms, and their required affinity at the hard-affinity weight),
/// scaled to 0..100 between the worst and best node.
/// </summary>
public sealed class InterPodAffinity : IPreFilterPlugin, IFilterPlugin, IPreFilterExtensions, IPreScorePlugin, IScorePlugin
{
    public const string ReasonAffinityRulesNotMatch = "node(s) didn't match pod affinity rules";
    public const string ReasonAntiAffinityRulesNotMatch = "node(s) didn't match pod anti-affinity rules";
    public const string ReasonExistingAntiAffinityRulesNotMatch = "node(s) didn't satisfy existing pods anti-affinity rules";

    private static readonly Status AffinityNotMatch = Status.Unresolvable(PluginNames.InterPodAffinity, ReasonAffinityRulesNotMatch);
    private static readonly Status AntiAffinityNotMatch = Status.Unschedulable(PluginNames.InterPodAffinity, ReasonAntiAffinityRulesNotMatch);
    private static readonly Status ExistingAntiAffinityNotMatch = Status.Unschedulable(PluginNames.InterPodAffinity, ReasonExistingAntiAffinityRulesNotMatch);
    private static readonly StateKey<FilterState> FilterKey = new("PreFilter" + PluginNames.InterPodAffinity);
    private static readonly StateKey<ScoreState> ScoreKey = new("PreScore" + PluginNames.InterPodAffinity);

    private readonly int _hardPodAffinityWeight;

    public InterPodAffinity(int hardPodAffinityWeight = 1)
    {
        _hardPodAffinityWeight = hardPodAffinityWeight;
    }

    public string Name => PluginNames.InterPodAffinity;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (pod.RequiredAffinityTerms.Count == 0 && pod.RequiredAntiAffinityTerms.Count == 0 && snapshot.PodsWithRequiredAntiAffinityCount == 0)
        {
            return Status.Skip;
        }

        var filter = new FilterState(pod, snapshot.NamespaceLabelMap(pod.Namespace), snapshot);
        foreach (var node in snapshot.Nodes)
        {
            foreach (var existing in node.PodsWithRequiredAntiAffinityList)
            {
                AddAntiAffinityMatches(filter.ExistingAntiAffinity, existing.RequiredAntiAffinitySpan, pod, filter.NamespaceLabels, node, 1);
            }

            if (pod.RequiredAffinityTerms.Count == 0 && pod.RequiredAntiAffinityTerms.Count == 0)
            {
                continue;
            }

            foreach (var existing in node.PodList)
            {
                var labels = snapshot.NamespaceLabelMap(existing.Namespace);
                AddAffinityMatches(filter.Affinity, pod.RequiredAffinitySpan, existing, labels, node, 1);
                AddAntiAffinityMatches(filter.AntiAffinity, pod.RequiredAntiAffinitySpan, existing, labels, node, 1);
            }
        }

        state.Write(FilterKey, filter);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? Filter(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        if (state.Read(FilterKey) is not { } filter)
        {
            return null;
        }

        if (!SatisfiesAffinity(filter, pod, node))
        {
            return AffinityNotMatch;
        }

        foreach (var term in pod.RequiredAntiAffinitySpan)
        {
            if (node.LabelMap.TryGetValue(term.TopologyKey, out var value)
                && filter.AntiAffinity.GetValueOrDefault(new TopologyPair(term.TopologyKey, value)) > 0)
            {
                return AntiAffinityNotMatch;
            }
        }

        if (filter.ExistingAntiAffinity.Count > 0)
        {
            foreach (var (key, value) in node.LabelMap)
            {
                if (filter.ExistingAntiAffinity.GetValueOrDefault(new TopologyPair(key, value)) > 0)
                {
                    return ExistingAntiAffinityNotMatch;
                }
            }
        }

        return null;
    }

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node) => Update(state, podToAdd, node, 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node) => Update(state, podToRemove, node, -1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? PreScore(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        var hasPreferences = pod.PreferredAffinityTerms.Count > 0 || pod.PreferredAntiAffinityTerms.Count > 0;
        if (!hasPreferences && snapshot.PodsWithAffinityCount == 0)
        {
            return Status.Skip;
        }

        var score = new ScoreState();
        var ownNamespaceLabels = snapshot.NamespaceLabelMap(pod.Namespace);
        foreach (var node in snapshot.Nodes)
        {
            if (node.LabelMap.Count == 0)
            {
                continue;
            }

            // Unless the pod has preferences of its own, only pods with affinity terms can score.
            var pods = hasPreferences ? node.Pods : node.PodsWithAffinity;
            for (var i = 0; i < pods.Count; i++)
            {
                var existing = pods[i];
                var existingNamespaceLabels = snapshot.NamespaceLabelMap(existing.Namespace);
                AddWeighted(score, pod.PreferredAffinitySpan, existing, existingNamespaceLabels, node, 1);
                AddWeighted(score, pod.PreferredAntiAffinitySpan, existing, existingNamespaceLabels, node, -1);
                if (_hardPodAffinityWeight > 0)
                {
                    foreach (var term in existing.RequiredAffinitySpan)
                    {
                        AddTerm(score, term, _hardPodAffinityWeight, pod, ownNamespaceLabels, node);
                    }
                }

                AddWeighted(score, existing.PreferredAffinitySpan, pod, ownNamespaceLabels, node, 1);
                AddWeighted(score, existing.PreferredAntiAffinitySpan, pod, ownNamespaceLabels, node, -1);
            }
        }

        if (score.ByTopology.Count == 0)
        {
            return Status.Skip;
        }

        state.Write(ScoreKey, score);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(node);
        if (state.Read(ScoreKey) is not { } score)
        {
            return 0;
        }

        long total = 0;
        foreach (var (key, values) in score.ByTopology)
        {
            if (node.LabelMap.TryGetValue(key, out var value))
            {
                total += values.GetValueOrDefault(value);
            }
        }

        return total;
    }

    public void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Read(ScoreKey) is null || scores.IsEmpty)
        {
            return;
        }

        var min = long.MaxValue;
        var max = long.MinValue;
        foreach (var score in scores)
        {
            min = Math.Min(min, score);
            max = Math.Max(max, score);
        }

        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = range > 0 ? (long)(ScoreNormalizer.MaxNodeScore * ((double)(scores[i] - min) / range)) : 0;
        }
    }

    private static bool SatisfiesAffinity(FilterState filter, PodInfo pod, NodeInfo node)
    {
        var podsExist = true;
        foreach (var term in pod.RequiredAffinitySpan)
        {
            if (!node.LabelMap.TryGetValue(term.TopologyKey, out var value))
            {
                // Every topology key must exist on the node.
                return false;
            }

            if (filter.Affinity.GetValueOrDefault(new TopologyPair(term.TopologyKey, value)) <= 0)
            {
                podsExist = false;
            }
        }

        // The first pod of a group with affinity to itself: no pod anywhere matches yet, and it matches
        // its own terms, so it may start the group here.
        return podsExist || (filter.Affinity.Count == 0 && MatchesAll(pod.RequiredAffinitySpan, pod, filter.NamespaceLabels));
    }

    private static bool MatchesAll(ReadOnlySpan<AffinityTerm> terms, PodInfo pod, Dictionary<string, string> namespaceLabels)
    {
        if (terms.IsEmpty)
        {
            return false;
        }

        foreach (var term in terms)
        {
            if (!term.Matches(pod, namespaceLabels))
            {
                return false;
            }
        }

        return true;
    }

    // For each term (of the incoming pod) that the target pod matches, counts the target's domain.
    private static void AddAntiAffinityMatches(Dictionary<TopologyPair, long> counts, ReadOnlySpan<AffinityTerm> terms, PodInfo target,
        Dictionary<string, string> targetNamespaceLabels, NodeInfo node, long delta)
    {
        foreach (var term in terms)
        {
            if (term.Matches(target, targetNamespaceLabels) && node.LabelMap.TryGetValue(term.TopologyKey, out var value))
            {
                Increment(counts, new TopologyPair(term.TopologyKey, value), delta);
            }
        }
    }

    // When the target pod matches every affinity term, counts its domain for each term.
    private static void AddAffinityMatches(Dictionary<TopologyPair, long> counts, ReadOnlySpan<AffinityTerm> terms, PodInfo target,
        Dictionary<string, string> targetNamespaceLabels, NodeInfo node, long delta)
    {
        if (!MatchesAll(terms, target, targetNamespaceLabels))
        {
            return;
        }

        foreach (var term in terms)
        {
            if (node.LabelMap.TryGetValue(term.TopologyKey, out var value))
            {
                Increment(counts, new TopologyPair(term.TopologyKey, value), delta);
            }
        }
    }

    private static void Increment(Dictionary<TopologyPair, long> counts, TopologyPair pair, long delta)
    {
        var count = counts.GetValueOrDefault(pair) + delta;
        if (count == 0)
        {
            counts.Remove(pair);
        }
        else
        {
            counts[pair] = count;
        }
    }

    private static void Update(CycleState state, PodInfo changed, NodeInfo node, long delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(node);
        if (state.Read(FilterKey) is not { } filter)
        {
            return;
        }

        var pod = filter.Pod;
        var changedNamespaceLabels = filter.Snapshot.NamespaceLabelMap(changed.Namespace);
        AddAntiAffinityMatches(filter.ExistingAntiAffinity, changed.RequiredAntiAffinitySpan, pod, filter.NamespaceLabels, node, delta);
        AddAffinityMatches(filter.Affinity, pod.RequiredAffinitySpan, changed, changedNamespaceLabels, node, delta);
        AddAntiAffinityMatches(filter.AntiAffinity, pod.RequiredAntiAffinitySpan, changed, changedNamespaceLabels, node, delta);
    }

    private static void AddWeighted(ScoreState score, ReadOnlySpan<WeightedAffinityTerm> terms, PodInfo target,
        Dictionary<string, string> targetNamespaceLabels, NodeInfo node, int sign)
    {
        foreach (var weighted in terms)
        {
            AddTerm(score, weighted.Term, weighted.Weight * sign, target, targetNamespaceLabels, node);
        }
    }

    private static void AddTerm(ScoreState score, AffinityTerm term, long weight, PodInfo target, Dictionary<string, string> targetNamespaceLabels, NodeInfo node)
    {
        if (!node.LabelMap.TryGetValue(term.TopologyKey, out var value) || !term.Matches(target, targetNamespaceLabels))
        {
            return;
        }

        if (!score.ByTopology.TryGetValue(term.TopologyKey, out var values))
        {
            values = new Dictionary<string, long>(StringComparer.Ordinal);
            score.ByTopology[term.TopologyKey] = values;
        }

        values[value] = values.GetValueOrDefault(value) + weight;
    }

    private sealed class FilterState : ICycleData
    {
        public FilterState(PodInfo pod, Dictionary<string, string> namespaceLabels, Snapshot snapshot)
        {
            Pod = pod;
            NamespaceLabels = namespaceLabels;
            Snapshot = snapshot;
        }

        public PodInfo Pod { get; }

        /// <summary>The labels of the incoming pod's namespace, for the namespace selectors of other pods' terms.</summary>
        public Dictionary<string, string> NamespaceLabels { get; }

        public Snapshot Snapshot { get; }

        /// <summary>Domains where placed pods have required anti-affinity matching the incoming pod.</summary>
        public Dictionary<TopologyPair, long> ExistingAntiAffinity { get; private init; } = [];

        /// <summary>Domains holding pods that match all of the incoming pod's required affinity terms.</summary>
        public Dictionary<TopologyPair, long> Affinity { get; private init; } = [];

        /// <summary>Domains holding pods that match one of the incoming pod's required anti-affinity terms.</summary>
        public Dictionary<TopologyPair, long> AntiAffinity { get; private init; } = [];

        public ICycleData Clone() => new FilterState(Pod, NamespaceLabels, Snapshot)
        {
            ExistingAntiAffinity = new Dictionary<TopologyPair, long>(ExistingAntiAffinity),
            Affinity = new Dictionary<TopologyPair, long>(Affinity),
            AntiAffinity = new Dictionary<TopologyPair, long>(AntiAffinity),
        };
    }

    private sealed class ScoreState
    {
        public Dictionary<string, Dictionary<string, long>> ByTopology { get; } = new(StringComparer.Ordinal);
    }
}
