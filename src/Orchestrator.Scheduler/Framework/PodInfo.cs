using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A pod's scheduling view, parsed once from the object the API serves (after its defaulting): identity,
/// labels, priority, requests, host ports, node selector and affinity, tolerations, pod (anti-)affinity
/// terms and topology spread constraints. Immutable; a changed pod gets a new PodInfo.
/// </summary>
public sealed class PodInfo
{
    private readonly Toleration[] _tolerations;
    private readonly HostPort[] _hostPorts;
    private readonly PreferredNodeTerm[] _preferredNodeTerms;
    private readonly AffinityTerm[] _requiredAffinityTerms;
    private readonly AffinityTerm[] _requiredAntiAffinityTerms;
    private readonly WeightedAffinityTerm[] _preferredAffinityTerms;
    private readonly WeightedAffinityTerm[] _preferredAntiAffinityTerms;
    private readonly TopologySpreadConstraint[] _spreadConstraints;

    private PodInfo(JsonObject pod)
    {
        var metadata = Json.Object(pod, "metadata");
        var spec = Json.Object(pod, "spec");
        var status = Json.Object(pod, "status");
        Namespace = Json.String(metadata, "namespace") ?? "default";
        Name = Json.String(metadata, "name") ?? string.Empty;
        Uid = Json.String(metadata, "uid") ?? string.Empty;
        Key = Uid.Length > 0 ? Uid : Namespace + "/" + Name;
        LabelMap = Json.StringMap(Json.Object(metadata, "labels"));
        IsTerminating = metadata?["deletionTimestamp"] is not null;
        NodeName = NonEmpty(Json.String(spec, "nodeName"));
        NominatedNodeName = NonEmpty(Json.String(status, "nominatedNodeName"));
        SchedulerName = NonEmpty(Json.String(spec, "schedulerName")) ?? "default-scheduler";
        HasSchedulingGates = Json.Array(spec, "schedulingGates") is { Count: > 0 };
        StartTime = Json.Time(status, "startTime");
        Priority = Json.Integer(spec, "priority") is { } priority
            ? (int)Math.Clamp(priority, int.MinValue, int.MaxValue)
            : Priorities.OfClass(Json.String(spec, "priorityClassName"));
        PreemptsLowerPriority = Json.String(spec, "preemptionPolicy") != "Never";
        Requests = PodRequestsCalculator.Compute(spec);

        var ports = new List<HostPort>();
        foreach (var container in Json.Objects(spec, "containers"))
        {
            foreach (var port in Json.Objects(container, "ports"))
            {
                if (Json.Integer(port, "hostPort") is { } hostPort and > 0 and <= 65535)
                {
                    ports.Add(HostPort.Create(Json.String(port, "hostIP"), Json.String(port, "protocol"), (int)hostPort));
                }
            }
        }

        _hostPorts = [.. ports];
        _tolerations = [.. Json.Objects(spec, "tolerations").Select(Toleration.FromJson)];
        RequiredNodeAffinity = RequiredNodeAffinity.FromSpec(spec);

        var affinity = Json.Object(spec, "affinity");
        var nodeAffinity = Json.Object(affinity, "nodeAffinity");
        _preferredNodeTerms = [.. Json.Objects(nodeAffinity, "preferredDuringSchedulingIgnoredDuringExecution")
            .Select(term => new PreferredNodeTerm((int)(Json.Integer(term, "weight") ?? 0), NodeSelectorTerm.FromJson(Json.Object(term, "preference") ?? [])))
            .Where(term => term.Weight != 0 && !term.Term.MatchesNothing)];

        var podAffinity = Json.Object(affinity, "podAffinity");
        var podAntiAffinity = Json.Object(affinity, "podAntiAffinity");
        HasPodAffinity = podAffinity is not null || podAntiAffinity is not null;
        _requiredAffinityTerms = RequiredTerms(podAffinity, Namespace);
        _requiredAntiAffinityTerms = RequiredTerms(podAntiAffinity, Namespace);
        _preferredAffinityTerms = PreferredTerms(podAffinity, Namespace);
        _preferredAntiAffinityTerms = PreferredTerms(podAntiAffinity, Namespace);
        _spreadConstraints = [.. Json.Objects(spec, "topologySpreadConstraints").Select(c => TopologySpreadConstraint.FromJson(c, LabelMap))];
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Uid { get; }

    /// <summary>The cache key: the uid, or namespace/name for a pod without one.</summary>
    public string Key { get; }

    public IReadOnlyDictionary<string, string> Labels => LabelMap;

    /// <summary>spec.nodeName: set once the pod is bound (or was created bound).</summary>
    public string? NodeName { get; }

    /// <summary>status.nominatedNodeName: where an earlier preemption made room for this pod.</summary>
    public string? NominatedNodeName { get; }

    public string SchedulerName { get; }

    /// <summary>spec.schedulingGates is non-empty: the pod must not be scheduled yet.</summary>
    public bool HasSchedulingGates { get; }

    /// <summary>metadata.deletionTimestamp is set.</summary>
    public bool IsTerminating { get; }

    /// <summary>status.startTime, used to prefer evicting the most recently started pods.</summary>
    public DateTimeOffset? StartTime { get; }

    public int Priority { get; }

    /// <summary>preemptionPolicy is not Never.</summary>
    public bool PreemptsLowerPriority { get; }

    public ResourceRequests Requests { get; }

    /// <summary>The containers' host ports above 0.</summary>
    public IReadOnlyList<HostPort> HostPorts => _hostPorts;

    public IReadOnlyList<Toleration> Tolerations => _tolerations;

    /// <summary>spec.nodeSelector and the required node affinity.</summary>
    public RequiredNodeAffinity RequiredNodeAffinity { get; }

    /// <summary>Preferred node affinity terms, without those of weight 0 or with no requirement.</summary>
    public IReadOnlyList<PreferredNodeTerm> PreferredNodeTerms => _preferredNodeTerms;

    /// <summary>The pod has podAffinity or podAntiAffinity (of either kind).</summary>
    public bool HasPodAffinity { get; }

    public IReadOnlyList<AffinityTerm> RequiredAffinityTerms => _requiredAffinityTerms;

    public IReadOnlyList<AffinityTerm> RequiredAntiAffinityTerms => _requiredAntiAffinityTerms;

    public IReadOnlyList<WeightedAffinityTerm> PreferredAffinityTerms => _preferredAffinityTerms;

    public IReadOnlyList<WeightedAffinityTerm> PreferredAntiAffinityTerms => _preferredAntiAffinityTerms;

    public IReadOnlyList<TopologySpreadConstraint> TopologySpreadConstraints => _spreadConstraints;

    internal Dictionary<string, string> LabelMap { get; }

    internal ReadOnlySpan<Toleration> TolerationSpan => _tolerations;

    internal ReadOnlySpan<HostPort> HostPortSpan => _hostPorts;

    internal ReadOnlySpan<PreferredNodeTerm> PreferredNodeTermSpan => _preferredNodeTerms;

    internal ReadOnlySpan<AffinityTerm> RequiredAffinitySpan => _requiredAffinityTerms;

    internal ReadOnlySpan<AffinityTerm> RequiredAntiAffinitySpan => _requiredAntiAffinityTerms;

    internal ReadOnlySpan<WeightedAffinityTerm> PreferredAffinitySpan => _preferredAffinityTerms;

    internal ReadOnlySpan<WeightedAffinityTerm> PreferredAntiAffinitySpan => _preferredAntiAffinityTerms;

    public static PodInfo FromPod(JsonObject pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return new PodInfo(pod);
    }

    public override string ToString() => Namespace + "/" + Name;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static AffinityTerm[] RequiredTerms(JsonObject? affinity, string ns) =>
        [.. Json.Objects(affinity, "requiredDuringSchedulingIgnoredDuringExecution").Select(term => AffinityTerm.FromJson(term, ns))];

    private static WeightedAffinityTerm[] PreferredTerms(JsonObject? affinity, string ns) =>
        [.. Json.Objects(affinity, "preferredDuringSchedulingIgnoredDuringExecution")
            .Select(term => new WeightedAffinityTerm((int)(Json.Integer(term, "weight") ?? 0), AffinityTerm.FromJson(Json.Object(term, "podAffinityTerm") ?? [], ns)))];
}
