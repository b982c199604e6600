using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Plugins;

/// <summary>
/// Filter (whenUnsatisfiable DoNotSchedule): placing the pod in the node's domain must not make that
/// domain exceed the emptiest eligible domain by more than maxSkew (the emptiest counting 0 while there
/// are fewer domains than minDomains); a node without the topology key is rejected for good. Score
/// (ScheduleAnyway): the fewer matching pods in the node's domains the better, each constraint weighted
/// by log(number of domains + 2). Counts only pods in the pod's namespace that are not terminating, on
/// nodes that have every topology key and pass the constraint's node inclusion policies. Kubernetes'
/// system default constraints (spreading by Service/ReplicaSet owners) are not applied.
/// </summary>
public sealed class PodTopologySpread : IPreFilterPlugin, IFilterPlugin, IPreFilterExtensions, IPreScorePlugin, IScorePlugin
{
    public const string ReasonConstraintsNotMatch = "node(s) didn't match pod topology spread constraints";
    public const string ReasonMissingLabel = ReasonConstraintsNotMatch + " (missing required label)";

    private static readonly Status ConstraintsNotMatch = Status.Unschedulable(PluginNames.PodTopologySpread, ReasonConstraintsNotMatch);
    private static readonly Status MissingLabel = Status.Unresolvable(PluginNames.PodTopologySpread, ReasonMissingLabel);
    private static readonly StateKey<FilterState> FilterKey = new("PreFilter" + PluginNames.PodTopologySpread);
    private static readonly StateKey<ScoreState> ScoreKey = new("PreScore" + PluginNames.PodTopologySpread);

    public string Name => PluginNames.PodTopologySpread;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? PreFilter(CycleState state, PodInfo pod, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        var constraints = pod.TopologySpreadConstraints.Where(c => c.DoNotSchedule).ToArray();
        if (constraints.Length == 0)
        {
            return Status.Skip;
        }

        // Every eligible node's domain takes part, even with no matching pod in it. When every node with
        // the (single) key is eligible, the domains are the snapshot's cached values of that key.
        var filter = new FilterState(constraints);
        var key = constraints[0].TopologyKey;
        if (pod.RequiredNodeAffinity.IsEmpty && constraints.All(c => !c.HonorNodeTaints && c.TopologyKey == key))
        {
            foreach (var value in snapshot.LabelValues(key))
            {
                filter.MatchNum[new TopologyPair(key, value)] = 0;
            }
        }
        else
        {
            AddEligibleDomains(filter, pod, snapshot);
        }

        // The selector rules out most pods: it goes first, the node's labels after.
        foreach (var (existing, node, _) in snapshot.PodsInNamespace(pod.Namespace))
        {
            if (existing.IsTerminating)
            {
                continue;
            }

            foreach (var constraint in constraints)
            {
                if (Counts(constraint.Selector, existing) && node.HasNode && HasAllKeys(node, constraints) && Included(constraint, pod, node))
                {
                    var pair = new TopologyPair(constraint.TopologyKey, node.LabelMap[constraint.TopologyKey]);
                    filter.MatchNum[pair] = filter.MatchNum.GetValueOrDefault(pair) + 1;
                }
            }
        }

        foreach (var constraint in constraints)
        {
            filter.Paths.TryAdd(constraint.TopologyKey, new CriticalPaths());
        }

        foreach (var (pair, count) in filter.MatchNum)
        {
            filter.Domains[pair.Key] = filter.Domains.GetValueOrDefault(pair.Key) + 1;
            filter.Paths[pair.Key].Update(pair.Value, count);
        }

        for (var i = 0; i < constraints.Length; i++)
        {
            filter.SelfMatch[i] = constraints[i].Selector.Matches(pod.LabelMap) ? 1 : 0;
        }

        filter.RefreshMinimums();
        state.Write(FilterKey, filter);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddEligibleDomains(FilterState filter, PodInfo pod, Snapshot snapshot)
    {
        var constraints = filter.Constraints;
        foreach (var node in snapshot.Nodes)
        {
            if (!HasAllKeys(node, constraints))
            {
                continue;
            }

            foreach (var constraint in constraints)
            {
                if (Included(constraint, pod, node))
                {
                    filter.MatchNum.TryAdd(new TopologyPair(constraint.TopologyKey, node.LabelMap[constraint.TopologyKey]), 0);
                }
            }
        }
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

        var constraints = filter.Constraints;
        for (var i = 0; i < constraints.Length; i++)
        {
            var constraint = constraints[i];
            if (!node.LabelMap.TryGetValue(constraint.TopologyKey, out var value))
            {
                return MissingLabel;
            }

            var matching = filter.MatchNum.GetValueOrDefault(new TopologyPair(constraint.TopologyKey, value));
            if ((long)matching + filter.SelfMatch[i] - filter.Minimums[i] > constraint.MaxSkew)
            {
                return ConstraintsNotMatch;
            }
        }

        return null;
    }

    public void AddPod(CycleState state, PodInfo podToSchedule, PodInfo podToAdd, NodeInfo node) => Update(state, podToSchedule, podToAdd, node, 1);

    public void RemovePod(CycleState state, PodInfo podToSchedule, PodInfo podToRemove, NodeInfo node) => Update(state, podToSchedule, podToRemove, node, -1);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status? PreScore(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        var constraints = pod.TopologySpreadConstraints.Where(c => !c.DoNotSchedule).ToArray();
        if (constraints.Length == 0 || snapshot.NodeCount == 0)
        {
            return Status.Skip;
        }

        var score = new ScoreState(constraints);
        var sizes = new int[constraints.Length];
        foreach (var node in nodes)
        {
            if (!HasAllKeys(node, constraints))
            {
                score.Ignored.Add(node.Name);
                continue;
            }

            for (var i = 0; i < constraints.Length; i++)
            {
                // Per-node counts (by hostname) are taken while scoring.
                if (constraints[i].TopologyKey != TopologySpreadConstraint.HostnameKey
                    && score.Counts[i].TryAdd(node.LabelMap[constraints[i].TopologyKey], 0))
                {
                    sizes[i]++;
                }
            }
        }

        for (var i = 0; i < constraints.Length; i++)
        {
            var size = constraints[i].TopologyKey == TopologySpreadConstraint.HostnameKey ? nodes.Length - score.Ignored.Count : sizes[i];
            score.Weights[i] = Math.Log(size + 2);
        }

        foreach (var (existing, node, _) in snapshot.PodsInNamespace(pod.Namespace))
        {
            if (existing.IsTerminating)
            {
                continue;
            }

            for (var i = 0; i < constraints.Length; i++)
            {
                var constraint = constraints[i];
                if (constraint.TopologyKey != TopologySpreadConstraint.HostnameKey
                    && Counts(constraint.Selector, existing)
                    && node.HasNode
                    && HasAllKeys(node, constraints)
                    && score.Counts[i].TryGetValue(node.LabelMap[constraint.TopologyKey], out var count)
                    && Included(constraint, pod, node))
                {
                    score.Counts[i][node.LabelMap[constraint.TopologyKey]] = count + 1;
                }
            }
        }

        state.Write(ScoreKey, score);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Score(CycleState state, PodInfo pod, NodeInfo node)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(node);
        if (state.Read(ScoreKey) is not { } score || score.Ignored.Contains(node.Name))
        {
            return 0;
        }

        double total = 0;
        for (var i = 0; i < score.Constraints.Length; i++)
        {
            var constraint = score.Constraints[i];
            if (node.LabelMap.TryGetValue(constraint.TopologyKey, out var value))
            {
                long count = constraint.TopologyKey == TopologySpreadConstraint.HostnameKey
                    ? CountMatching(node, constraint.Selector, pod.Namespace)
                    : score.Counts[i].GetValueOrDefault(value);

                // maxSkew - 1 waters down the differences the constraint tolerates anyway.
                total += (count * score.Weights[i]) + (constraint.MaxSkew - 1);
            }
        }

        return (long)Math.Round(total, MidpointRounding.AwayFromZero);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NormalizeScores(CycleState state, PodInfo pod, ReadOnlySpan<NodeInfo> nodes, Span<long> scores)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Read(ScoreKey) is not { } score)
        {
            return;
        }

        var min = long.MaxValue;
        long max = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (!score.Ignored.Contains(nodes[i].Name))
            {
                min = Math.Min(min, scores[i]);
                max = Math.Max(max, scores[i]);
            }
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (score.Ignored.Contains(nodes[i].Name))
            {
                scores[i] = 0;
            }
            else
            {
                scores[i] = max == 0 ? ScoreNormalizer.MaxNodeScore : ScoreNormalizer.MaxNodeScore * (max + min - scores[i]) / max;
            }
        }
    }

    /// <summary>Pods on the node in the namespace, not terminating, matching the selector; an empty selector counts none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountMatching(NodeInfo node, LabelMatcher selector, string ns)
    {
        var count = 0;
        foreach (var pod in node.PodList)
        {
            if (!pod.IsTerminating && string.Equals(pod.Namespace, ns, StringComparison.Ordinal) && Counts(selector, pod))
            {
                count++;
            }
        }

        return count;
    }

    // Kubernetes' countPodsMatchSelector counts nothing for an empty selector.
    private static bool Counts(LabelMatcher selector, PodInfo pod) => !selector.IsEverything && selector.Matches(pod.LabelMap);

    private static bool HasAllKeys(NodeInfo node, TopologySpreadConstraint[] constraints)
    {
        foreach (var constraint in constraints)
        {
            if (!node.LabelMap.ContainsKey(constraint.TopologyKey))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Included(TopologySpreadConstraint constraint, PodInfo pod, NodeInfo node)
    {
        if (constraint.HonorNodeAffinity && !pod.RequiredNodeAffinity.Matches(node.Name, node.LabelMap))
        {
            return false;
        }

        if (constraint.HonorNodeTaints)
        {
            foreach (var taint in node.TaintSpan)
            {
                if (taint.Effect is TaintEffect.NoSchedule or TaintEffect.NoExecute && !Toleration.AnyTolerates(pod.TolerationSpan, taint))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static void Update(CycleState state, PodInfo preemptor, PodInfo changed, NodeInfo node, int delta)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(preemptor);
        ArgumentNullException.ThrowIfNull(changed);
        ArgumentNullException.ThrowIfNull(node);
        if (state.Read(FilterKey) is not { } filter || changed.Namespace != preemptor.Namespace || !HasAllKeys(node, filter.Constraints))
        {
            return;
        }

        foreach (var constraint in filter.Constraints)
        {
            if (!constraint.Selector.Matches(changed.LabelMap) || !Included(constraint, preemptor, node))
            {
                continue;
            }

            var pair = new TopologyPair(constraint.TopologyKey, node.LabelMap[constraint.TopologyKey]);
            var count = filter.MatchNum.GetValueOrDefault(pair) + delta;
            filter.MatchNum[pair] = count;
            filter.Paths[constraint.TopologyKey].Update(pair.Value, count);
        }

        filter.RefreshMinimums();
    }

    private sealed class FilterState : ICycleData
    {
        public FilterState(TopologySpreadConstraint[] constraints)
        {
            Constraints = constraints;
            SelfMatch = new int[constraints.Length];
            Minimums = new int[constraints.Length];
        }

        public TopologySpreadConstraint[] Constraints { get; }

        /// <summary>Per constraint, 1 when the incoming pod matches its own selector (it adds to the domain it joins).</summary>
        public int[] SelfMatch { get; private init; }

        /// <summary>Per constraint, the global minimum the skew is measured from (0 while there are fewer domains than minDomains).</summary>
        public int[] Minimums { get; private init; }

        public Dictionary<TopologyPair, int> MatchNum { get; private init; } = [];

        public Dictionary<string, CriticalPaths> Paths { get; private init; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> Domains { get; private init; } = new(StringComparer.Ordinal);

        public void RefreshMinimums()
        {
            for (var i = 0; i < Constraints.Length; i++)
            {
                var key = Constraints[i].TopologyKey;
                Minimums[i] = Domains.GetValueOrDefault(key) < Constraints[i].MinDomains ? 0 : Paths[key].Minimum;
            }
        }

        public ICycleData Clone() => new FilterState(Constraints)
        {
            SelfMatch = SelfMatch,
            Minimums = (int[])Minimums.Clone(),
            MatchNum = new Dictionary<TopologyPair, int>(MatchNum),
            Paths = Paths.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal),
            Domains = Domains,
        };
    }

    private sealed class ScoreState
    {
        public ScoreState(TopologySpreadConstraint[] constraints)
        {
            Constraints = constraints;
            Counts = [.. constraints.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];
            Weights = new double[constraints.Length];
        }

        public TopologySpreadConstraint[] Constraints { get; }

        public HashSet<string> Ignored { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long>[] Counts { get; }

        public double[] Weights { get; }
    }
}
