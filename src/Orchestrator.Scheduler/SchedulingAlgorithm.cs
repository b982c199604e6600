using System.Runtime.CompilerServices;
using Orchestrator.Scheduler.Explain;
using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Preemption;

namespace Orchestrator.Scheduler;

/// <summary>
/// One scheduling attempt, as kube-scheduler's schedulePod and its PostFilter: PreFilter; the pod's
/// nominated node first if it has one; then the filters over the nodes, starting where the previous
/// attempt stopped and stopping once enough feasible nodes are found (percentageOfNodesToScore); the
/// score plugins over those, weighted and summed; the best total wins, ties broken at random. When no
/// node fits, a <see cref="FitError"/> with Kubernetes' message, and preemption's verdict.
/// Keeps buffers and the rotation between attempts: one instance per scheduler, used from one thread.
/// </summary>
public sealed class SchedulingAlgorithm
{
    /// <summary>Kubernetes' minFeasibleNodesToFind.</summary>
    public const int MinFeasibleNodesToFind = 100;

    /// <summary>Kubernetes' minFeasibleNodesPercentageToFind.</summary>
    public const int MinFeasibleNodesPercentageToFind = 5;

    private readonly Random _random;
    private readonly PreemptionEvaluator _preemption;
    private readonly List<(NodeInfo Node, Status Status)> _rejections = [];
    private NodeInfo[] _feasible = [];
    private long[] _scores = [];
    private long[] _totals = [];
    private int _nextStartNodeIndex;

    public SchedulingAlgorithm(SchedulerSettings? settings = null, Random? random = null, SchedulerProfile? profile = null)
    {
        Settings = settings ?? new SchedulerSettings();
        Profile = profile ?? SchedulerProfile.CreateDefault(Settings);
        _random = random ?? new Random();
        _preemption = new PreemptionEvaluator(Profile, Settings, _random);
    }

    public SchedulerSettings Settings { get; }

    public SchedulerProfile Profile { get; }

    /// <summary>
    /// How many feasible nodes to find before scoring (Kubernetes' numFeasibleNodesToFind): every node
    /// below 100; otherwise the percentage (adaptive when 0: 50% minus 1% per 125 nodes, at least 5%),
    /// but at least 100.
    /// </summary>
    public static int NumFeasibleNodesToFind(int percentageOfNodesToScore, int numAllNodes)
    {
        if (numAllNodes < MinFeasibleNodesToFind)
        {
            return numAllNodes;
        }

        var percentage = percentageOfNodesToScore;
        if (percentage <= 0)
        {
            percentage = Math.Max(50 - (numAllNodes / 125), MinFeasibleNodesPercentageToFind);
        }

        var count = (int)((long)numAllNodes * Math.Min(percentage, 100) / 100);
        return Math.Max(count, MinFeasibleNodesToFind);
    }

    /// <summary>
    /// Finds a node for the pod in the snapshot. Does not change the snapshot: on success the caller
    /// assumes the pod there (<see cref="Snapshot.AssumePod"/>) and binds it; on failure it reports
    /// <see cref="ScheduleResult.FailureMessage"/> and carries out <see cref="ScheduleResult.Preemption"/>.
    /// </summary>
    /// <param name="explain">Also record every examined node's filter outcome and every plugin's score (allocates per node).</param>
    public ScheduleResult Schedule(PodInfo pod, Snapshot snapshot, bool explain = false)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        var numAllNodes = snapshot.NodeCount;
        if (numAllNodes == 0)
        {
            return new ScheduleResult(null, 0, 0, new FitError(0, new Dictionary<string, Status>()), null,
                explain ? Explanation(pod, snapshot, [], [], new CycleState(), null) : null);
        }

        var state = new CycleState();
        if (Profile.RunPreFilters(state, pod, snapshot) is { } rejected)
        {
            var statuses = snapshot.Nodes.ToDictionary(node => node.Name, _ => rejected, StringComparer.Ordinal);
            return Fail(state, pod, snapshot, new FitError(numAllNodes, statuses, rejected.Message), 0, explain ? [] : null);
        }

        List<NodeFilterOutcome>? outcomes = explain ? [] : null;

        // A node preemption made room on is likely the only one that fits: try it first.
        if (pod.NominatedNodeName is { } nominated && snapshot.GetNode(nominated) is { } nominatedNode)
        {
            var status = RunFiltersWithNominatedPods(state, pod, nominatedNode, snapshot);
            outcomes?.Add(new NodeFilterOutcome(nominatedNode.Name, status));
            if (status is null)
            {
                return new ScheduleResult(nominatedNode.Name, 1, 1, null, null,
                    explain ? Explanation(pod, snapshot, outcomes!, [], state, nominatedNode.Name) : null);
            }

            outcomes?.Clear();
        }

        var feasibleCount = FindFeasible(state, pod, snapshot, outcomes);
        var evaluated = feasibleCount + _rejections.Count;
        if (feasibleCount == 0)
        {
            var statuses = new Dictionary<string, Status>(_rejections.Count, StringComparer.Ordinal);
            foreach (var (node, status) in _rejections)
            {
                statuses[node.Name] = status;
            }

            return Fail(state, pod, snapshot, new FitError(numAllNodes, statuses), evaluated, outcomes);
        }

        var feasible = _feasible.AsSpan(0, feasibleCount);
        if (feasibleCount == 1)
        {
            return new ScheduleResult(feasible[0].Name, evaluated, 1, null, null,
                explain ? Explanation(pod, snapshot, outcomes!, [], state, feasible[0].Name) : null);
        }

        var scores = explain ? new List<PluginScore>[feasibleCount] : null;
        var selected = Score(state, pod, snapshot, feasible, scores);
        var selectedName = feasible[selected].Name;
        IReadOnlyList<NodeScore> nodeScores = [];
        if (scores is not null)
        {
            var list = new List<NodeScore>(feasibleCount);
            for (var i = 0; i < feasibleCount; i++)
            {
                list.Add(new NodeScore(feasible[i].Name, _totals[i], scores[i]));
            }

            nodeScores = [.. list.OrderByDescending(score => score.Total).ThenBy(score => score.Node != selectedName)];
        }

        return new ScheduleResult(selectedName, evaluated, feasibleCount, null, null,
            explain ? Explanation(pod, snapshot, outcomes!, nodeScores, state, selectedName) : null);
    }

    // Filters nodes from where the last attempt stopped until enough fit; fills _feasible and _rejections.
    // The per-node paths (here, the filters and scores, selector matching) are compiled fully optimized at
    // once: measured on this 2-core machine under load, tier-0 code ran attempts about 10 times slower for
    // the first thousands of pods, and without dynamic PGO they are as fast as after tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindFeasible(CycleState state, PodInfo pod, Snapshot snapshot, List<NodeFilterOutcome>? outcomes)
    {
        var nodes = snapshot.Nodes;
        var numAllNodes = nodes.Count;
        var wanted = NumFeasibleNodesToFind(Settings.PercentageOfNodesToScore, numAllNodes);
        if (_feasible.Length < wanted)
        {
            _feasible = new NodeInfo[Math.Max(wanted, _feasible.Length * 2)];
        }

        _rejections.Clear();
        var start = _nextStartNodeIndex % numAllNodes;
        var feasibleCount = 0;
        var processed = 0;
        while (processed < numAllNodes && feasibleCount < wanted)
        {
            var node = nodes[(start + processed) % numAllNodes];
            processed++;
            var status = RunFiltersWithNominatedPods(state, pod, node, snapshot);
            outcomes?.Add(new NodeFilterOutcome(node.Name, status));
            if (status is null)
            {
                _feasible[feasibleCount++] = node;
            }
            else
            {
                _rejections.Add((node, status));
            }
        }

        // The next attempt starts after the last node looked at, so every node gets its turn.
        _nextStartNodeIndex = (start + processed) % numAllNodes;
        return feasibleCount;
    }

    // The filters, with the pods nominated to the node at the pod's priority or above counted as already there
    // (Kubernetes' RunFilterPluginsWithNominatedPods), so a lower-priority pod does not take the room preemption
    // made. The pre-filter state is the snapshot's, without them: like kube-scheduler's, resources and ports are
    // what the nominated pods reserve.
    private static Status? RunFiltersWithNominatedPods(CycleState state, PodInfo pod, NodeInfo node, Snapshot snapshot)
    {
        var status = SchedulerProfile.RunFilters(state, pod, node);
        if (status is not null || snapshot.NominatedPodsOn(node.Name) is not { Count: > 0 } nominated)
        {
            return status;
        }

        NodeInfo? withNominated = null;
        foreach (var other in nominated)
        {
            if (other.Key != pod.Key && other.Priority >= pod.Priority)
            {
                withNominated ??= node.Clone();
                withNominated.AddPod(other);
            }
        }

        return withNominated is null ? null : SchedulerProfile.RunFilters(state, pod, withNominated);
    }

    // Runs the score plugins over the feasible nodes; the index of the winner.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Score(CycleState state, PodInfo pod, Snapshot snapshot, ReadOnlySpan<NodeInfo> feasible, List<PluginScore>[]? explained)
    {
        var count = feasible.Length;
        if (_scores.Length < count)
        {
            _scores = new long[Math.Max(count, _scores.Length * 2)];
            _totals = new long[_scores.Length];
        }

        var totals = _totals.AsSpan(0, count);
        totals.Clear();
        var scores = _scores.AsSpan(0, count);
        var plugins = Profile.ScoreSpan;
        var weights = Profile.WeightSpan;
        for (var p = 0; p < plugins.Length; p++)
        {
            var plugin = plugins[p];
            if (plugin is IPreScorePlugin preScore && preScore.PreScore(state, pod, feasible, snapshot) is { Code: not StatusCode.Success })
            {
                state.SkipScore(plugin.Name);
                continue;
            }

            for (var i = 0; i < count; i++)
            {
                scores[i] = plugin.Score(state, pod, feasible[i]);
            }

            long[]? raw = explained is null ? null : scores.ToArray();
            plugin.NormalizeScores(state, pod, feasible, scores);
            var weight = weights[p];
            for (var i = 0; i < count; i++)
            {
                totals[i] += scores[i] * weight;
                if (explained is not null)
                {
                    (explained[i] ??= []).Add(new PluginScore(plugin.Name, raw![i], scores[i], weight));
                }
            }
        }

        if (explained is not null)
        {
            for (var i = 0; i < count; i++)
            {
                explained[i] ??= [];
            }
        }

        // The best total; among equals each is equally likely (reservoir sampling).
        var selected = 0;
        var ties = 1;
        for (var i = 1; i < count; i++)
        {
            if (totals[i] > totals[selected])
            {
                selected = i;
                ties = 1;
            }
            else if (totals[i] == totals[selected] && _random.Next(++ties) == 0)
            {
                selected = i;
            }
        }

        return selected;
    }

    private ScheduleResult Fail(CycleState state, PodInfo pod, Snapshot snapshot, FitError fitError, int evaluated, List<NodeFilterOutcome>? outcomes)
    {
        PreemptionResult? preemption = null;
        if (Settings.Preemption)
        {
            preemption = _preemption.Preempt(state, pod, snapshot, fitError.NodeStatuses);
            fitError.PostFilterMessage = preemption.Message;
        }

        return new ScheduleResult(null, evaluated, 0, fitError, preemption,
            outcomes is null ? null : Explanation(pod, snapshot, outcomes, [], state, null));
    }

    private static SchedulingExplanation Explanation(PodInfo pod, Snapshot snapshot, IReadOnlyList<NodeFilterOutcome> outcomes,
        IReadOnlyList<NodeScore> scores, CycleState state, string? selected) =>
        new(pod.ToString(), snapshot.NodeCount, outcomes, scores, [.. state.SkippedFilters.Order(StringComparer.Ordinal)],
            [.. state.SkippedScores.Order(StringComparer.Ordinal)], selected);
}
