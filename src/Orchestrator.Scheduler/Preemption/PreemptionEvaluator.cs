using Orchestrator.Scheduler.Explain;
using Orchestrator.Scheduler.Framework;

namespace Orchestrator.Scheduler.Preemption;

/// <summary>
/// The pure part of Kubernetes' DefaultPreemption: for a pod that fits no node, finds nodes where
/// evicting pods of lower priority would make it fit (a dry run on a copy of each node: remove every
/// lower-priority pod, check the pod fits, then put back as many as possible, most important first),
/// and picks one: the fewest high-priority victims first (lowest highest-victim priority, then lowest
/// priority sum, then fewest victims, then the most recently started), then the first found. Nothing
/// is evicted here; PodDisruptionBudgets are not consulted (this cluster has none yet).
/// </summary>
public sealed class PreemptionEvaluator
{
    public const string NotHelpful = "Preemption is not helpful for scheduling";
    public const string NoVictims = "No preemption victims found for incoming pod";
    public const string NotEligibleNever = "not eligible due to preemptionPolicy=Never.";
    public const string NotEligibleTerminating = "not eligible due to a terminating pod on the nominated node.";

    private static readonly Status NotHelpfulStatus = Status.Unresolvable(string.Empty, NotHelpful);
    private static readonly Status NoVictimsStatus = Status.Unresolvable(string.Empty, NoVictims);

    private readonly SchedulerProfile _profile;
    private readonly SchedulerSettings _settings;
    private readonly Random _random;

    public PreemptionEvaluator(SchedulerProfile profile, SchedulerSettings settings, Random random)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        _profile = profile;
        _settings = settings;
        _random = random;
    }

    /// <summary>How many candidates the dry run looks for among <paramref name="potentialNodes"/> nodes.</summary>
    public static int NumCandidates(int potentialNodes, int minPercentage, int minAbsolute)
    {
        var count = potentialNodes * minPercentage / 100;
        count = Math.Max(count, minAbsolute);
        return Math.Min(count, potentialNodes);
    }

    /// <summary>Preemption for a pod whose attempt ended in <paramref name="fitError"/>, on the same snapshot.</summary>
    public PreemptionResult Preempt(PodInfo pod, Snapshot snapshot, FitError fitError)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(fitError);
        var state = new CycleState();
        if (_profile.RunPreFilters(state, pod, snapshot) is { } rejected)
        {
            return PreemptionResult.Failed(FailureMessage.Format(snapshot.NodeCount, [], rejected.IsRejected ? NotHelpfulStatus : rejected));
        }

        return Preempt(state, pod, snapshot, fitError.NodeStatuses);
    }

    internal PreemptionResult Preempt(CycleState state, PodInfo pod, Snapshot snapshot, IReadOnlyDictionary<string, Status> nodeStatuses)
    {
        if (!pod.PreemptsLowerPriority)
        {
            return PreemptionResult.Failed(NotEligibleNever);
        }

        if (WaitsForTerminatingVictims(pod, snapshot, nodeStatuses))
        {
            return PreemptionResult.Failed(NotEligibleTerminating);
        }

        var potential = new List<NodeInfo>();
        foreach (var node in snapshot.Nodes)
        {
            if (!nodeStatuses.TryGetValue(node.Name, out var status) || status.Code != StatusCode.UnschedulableAndUnresolvable)
            {
                potential.Add(node);
            }
        }

        var dryRunStatuses = new Dictionary<string, Status>(StringComparer.Ordinal);
        var candidates = new List<PreemptionCandidate>();
        if (potential.Count > 0)
        {
            var wanted = NumCandidates(potential.Count, _settings.MinCandidateNodesPercentage, _settings.MinCandidateNodesAbsolute);
            var offset = _random.Next(potential.Count);
            for (var i = 0; i < potential.Count && candidates.Count < wanted; i++)
            {
                var node = potential[(offset + i) % potential.Count];
                var (victims, status) = SelectVictims(state, pod, node);
                if (victims is not null)
                {
                    candidates.Add(new PreemptionCandidate(node, victims));
                }
                else
                {
                    dryRunStatuses[node.Name] = status!;
                }
            }
        }

        if (candidates.Count == 0)
        {
            return PreemptionResult.Failed(FailureMessage.Format(snapshot.NodeCount, dryRunStatuses.Values, NotHelpfulStatus));
        }

        var best = PickOne(candidates);
        return new PreemptionResult(best.Node.Name, best.Victims, string.Empty);
    }

    /// <summary>
    /// Kubernetes' pickOneNodeForPreemption without PodDisruptionBudgets: the lowest highest-victim
    /// priority, then the lowest sum of priorities, then the fewest victims, then the latest start of the
    /// highest-priority victims, then the first.
    /// </summary>
    internal static PreemptionCandidate PickOne(IReadOnlyList<PreemptionCandidate> candidates)
    {
        IEnumerable<PreemptionCandidate> remaining = candidates;
        remaining = KeepBest(remaining, candidate => -(long)candidate.HighestPriority);
        remaining = KeepBest(remaining, candidate => -candidate.PrioritySum);
        remaining = KeepBest(remaining, candidate => -(long)candidate.Victims.Count);
        remaining = KeepBest(remaining, candidate => candidate.EarliestStartOfHighest.UtcTicks);
        return remaining.First();
    }

    private static List<PreemptionCandidate> KeepBest(IEnumerable<PreemptionCandidate> candidates, Func<PreemptionCandidate, long> score)
    {
        var list = candidates.ToList();
        var best = list.Max(score);
        return [.. list.Where(candidate => score(candidate) == best)];
    }

    // Dry run on a copy of the node: the victims, or why the node cannot be made to fit.
    private (List<PodInfo>? Victims, Status? Status) SelectVictims(CycleState cycleState, PodInfo pod, NodeInfo original)
    {
        var node = original.Clone();
        var state = cycleState.Clone();
        var lower = node.Pods.Where(existing => existing.Priority < pod.Priority).ToList();
        if (lower.Count == 0)
        {
            return (null, NoVictimsStatus);
        }

        foreach (var existing in lower)
        {
            node.RemovePod(existing.Key);
            _profile.RunRemovePod(state, pod, existing, node);
        }

        if (SchedulerProfile.RunFilters(state, pod, node) is { } status)
        {
            return (null, status);
        }

        // Put back as many as fit, the most important first; the rest are the victims.
        lower.Sort(MoreImportantFirst);
        var victims = new List<PodInfo>();
        foreach (var existing in lower)
        {
            node.AddPod(existing);
            _profile.RunAddPod(state, pod, existing, node);
            if (SchedulerProfile.RunFilters(state, pod, node) is not null)
            {
                node.RemovePod(existing.Key);
                _profile.RunRemovePod(state, pod, existing, node);
                victims.Add(existing);
            }
        }

        return victims.Count == 0 ? (null, Status.Unresolvable(string.Empty, $"expected at least one victim pod on node \"{original.Name}\"")) : (victims, null);
    }

    // Kubernetes' MoreImportantPod: higher priority, then the one that started earlier (not started: last).
    private static int MoreImportantFirst(PodInfo a, PodInfo b)
    {
        if (a.Priority != b.Priority)
        {
            return b.Priority.CompareTo(a.Priority);
        }

        return (a.StartTime ?? DateTimeOffset.MaxValue).CompareTo(b.StartTime ?? DateTimeOffset.MaxValue);
    }

    // A pod nominated to a node where lower-priority pods are still terminating waits for them rather than preempting again.
    private static bool WaitsForTerminatingVictims(PodInfo pod, Snapshot snapshot, IReadOnlyDictionary<string, Status> nodeStatuses)
    {
        if (pod.NominatedNodeName is not { } nominated
            || (nodeStatuses.TryGetValue(nominated, out var status) && status.Code == StatusCode.UnschedulableAndUnresolvable)
            || snapshot.GetNode(nominated) is not { } node)
        {
            return false;
        }

        return node.Pods.Any(existing => existing.Priority < pod.Priority && existing.IsTerminating);
    }
}
