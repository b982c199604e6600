using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A node as the scheduler sees it (Kubernetes' framework.NodeInfo): its labels, taints, readiness,
/// cordon and allocatable resources, and the pods bound or assumed there with their summed requests and
/// the host ports they hold. Pod totals are updated incrementally as pods are added and removed, never
/// recomputed; the node's own fields are replaced when the node object changes.
/// </summary>
public sealed class NodeInfo
{
    private static long _generation;

    private readonly List<PodInfo> _pods = [];
    private readonly List<PodInfo> _podsWithAffinity = [];
    private readonly List<PodInfo> _podsWithRequiredAntiAffinity = [];
    private Taint[] _taints = [];

    internal NodeInfo(string name)
    {
        Name = name;
        Generation = NextGeneration();
    }

    public string Name { get; }

    /// <summary>False while the node object is unknown (pods bound to a node not yet seen, or one deleted with pods left).</summary>
    public bool HasNode { get; private set; }

    public IReadOnlyDictionary<string, string> Labels => LabelMap;

    public IReadOnlyList<Taint> Taints => _taints;

    /// <summary>spec.unschedulable (cordoned).</summary>
    public bool Unschedulable { get; private set; }

    public NodeReadiness Readiness { get; private set; } = NodeReadiness.NotReported;

    /// <summary>status.allocatable (status.capacity when a node reports no allocatable).</summary>
    public NodeResources Allocatable { get; private set; } = new();

    /// <summary>The sum of the requests of the pods here.</summary>
    public NodeResources Requested { get; private set; } = new();

    /// <summary>The pods' cpu with request-less containers counted at 100m (for spreading scores).</summary>
    public long NonZeroMilliCpu { get; private set; }

    /// <summary>The pods' memory with request-less containers counted at 200 MiB.</summary>
    public long NonZeroMemory { get; private set; }

    public IReadOnlyList<PodInfo> Pods => _pods;

    /// <summary>The pods here with any pod affinity or anti-affinity.</summary>
    public IReadOnlyList<PodInfo> PodsWithAffinity => _podsWithAffinity;

    /// <summary>The pods here with required anti-affinity terms.</summary>
    public IReadOnlyList<PodInfo> PodsWithRequiredAntiAffinity => _podsWithRequiredAntiAffinity;

    public HostPortSet UsedPorts { get; private set; } = new();

    /// <summary>Changes whenever the node or its pods change.</summary>
    public long Generation { get; private set; }

    internal Dictionary<string, string> LabelMap { get; private set; } = new(StringComparer.Ordinal);

    internal ReadOnlySpan<Taint> TaintSpan => _taints;

    internal List<PodInfo> PodList => _pods;

    internal List<PodInfo> PodsWithRequiredAntiAffinityList => _podsWithRequiredAntiAffinity;

    /// <summary>Allocatable minus requested cpu (millicores): what the resources filter compares, kept here beside the node's other fields.</summary>
    internal long FreeMilliCpu { get; private set; }

    /// <summary>Allocatable minus requested memory (bytes).</summary>
    internal long FreeMemory { get; private set; }

    /// <summary>Allocatable minus requested ephemeral-storage (bytes).</summary>
    internal long FreeEphemeralStorage { get; private set; }

    /// <summary>How many more pods the node allows (allocatable "pods" minus the pods here).</summary>
    internal long PodRoom { get; private set; }

    /// <summary>Allocatable cpu (millicores) and memory, and what the pods here request of them: what the scores read.</summary>
    internal long AllocatableMilliCpu { get; private set; }

    internal long AllocatableMemory { get; private set; }

    internal long RequestedMilliCpu { get; private set; }

    internal long RequestedMemory { get; private set; }

    /// <summary>Position in the snapshot's node list, -1 when not listed.</summary>
    internal int Index { get; set; } = -1;

    /// <summary>A node with no pods, parsed from a Node object.</summary>
    public static NodeInfo FromNode(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var info = new NodeInfo(Json.String(Json.Object(node, "metadata"), "name") ?? string.Empty);
        info.SetNode(node);
        return info;
    }

    /// <summary>The node's name as a Node object carries it.</summary>
    public static string NameOf(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Json.String(Json.Object(node, "metadata"), "name") ?? string.Empty;
    }

    /// <summary>Replaces the node's own fields (the pods and their totals stay); true when its labels changed.</summary>
    internal bool SetNode(JsonObject node)
    {
        var spec = Json.Object(node, "spec");
        var status = Json.Object(node, "status");
        var labels = Json.StringMap(Json.Object(Json.Object(node, "metadata"), "labels"));
        var labelsChanged = !HasNode || labels.Count != LabelMap.Count
            || labels.Any(pair => !LabelMap.TryGetValue(pair.Key, out var value) || value != pair.Value);
        LabelMap = labels;
        Unschedulable = Json.Bool(spec, "unschedulable");
        _taints = [.. Json.Objects(spec, "taints").Select(Taint.FromJson)];
        Allocatable = NodeResources.FromResourceList(Json.Object(status, "allocatable") ?? Json.Object(status, "capacity"));
        Readiness = NodeReadiness.NotReported;
        foreach (var condition in Json.Objects(status, "conditions"))
        {
            if (Json.String(condition, "type") == "Ready")
            {
                Readiness = Json.String(condition, "status") switch
                {
                    "True" => NodeReadiness.Ready,
                    "False" => NodeReadiness.NotReady,
                    _ => NodeReadiness.Unknown,
                };
            }
        }

        HasNode = true;
        RefreshFree();
        Generation = NextGeneration();
        return labelsChanged;
    }

    /// <summary>Forgets the node object, keeping the pods (Kubernetes' RemoveNode).</summary>
    internal void ClearNode()
    {
        HasNode = false;
        Generation = NextGeneration();
    }

    internal void AddPod(PodInfo pod)
    {
        _pods.Add(pod);
        if (pod.HasPodAffinity)
        {
            _podsWithAffinity.Add(pod);
        }

        if (pod.RequiredAntiAffinityTerms.Count > 0)
        {
            _podsWithRequiredAntiAffinity.Add(pod);
        }

        Update(pod, 1);
    }

    /// <summary>Removes the pod with this key; the removed pod, or null when it was not here.</summary>
    internal PodInfo? RemovePod(string key)
    {
        var pod = RemoveByKey(_pods, key);
        if (pod is null)
        {
            return null;
        }

        RemoveByKey(_podsWithAffinity, key);
        RemoveByKey(_podsWithRequiredAntiAffinity, key);
        Update(pod, -1);
        return pod;
    }

    /// <summary>An independent copy, for preemption's dry run (pods are shared, they are immutable).</summary>
    internal NodeInfo Clone()
    {
        var copy = new NodeInfo(Name)
        {
            HasNode = HasNode,
            LabelMap = LabelMap,
            _taints = _taints,
            Unschedulable = Unschedulable,
            Readiness = Readiness,
            Allocatable = Allocatable,
            Requested = Requested.Clone(),
            NonZeroMilliCpu = NonZeroMilliCpu,
            NonZeroMemory = NonZeroMemory,
            UsedPorts = UsedPorts.Clone(),
            Generation = Generation,
        };
        copy._pods.AddRange(_pods);
        copy._podsWithAffinity.AddRange(_podsWithAffinity);
        copy._podsWithRequiredAntiAffinity.AddRange(_podsWithRequiredAntiAffinity);
        copy.RefreshFree();
        return copy;
    }

    public override string ToString() => $"{Name} ({_pods.Count} pods, requested {Requested}, allocatable {Allocatable})";

    /// <summary>
    /// Recomputes the amounts the resources filter and scores read from Allocatable, Requested and the pods: they
    /// run on hundreds of nodes per pod, and reading three more objects per node (allocatable, requested, the pod
    /// list) cost a cache miss each, most of their time with 5,000 nodes (perf).
    /// </summary>
    private void RefreshFree()
    {
        AllocatableMilliCpu = Allocatable.MilliCpu;
        AllocatableMemory = Allocatable.Memory;
        RequestedMilliCpu = Requested.MilliCpu;
        RequestedMemory = Requested.Memory;
        FreeMilliCpu = Allocatable.MilliCpu - Requested.MilliCpu;
        FreeMemory = Allocatable.Memory - Requested.Memory;
        FreeEphemeralStorage = Allocatable.EphemeralStorage - Requested.EphemeralStorage;
        PodRoom = Allocatable.AllowedPods - _pods.Count;
    }

    private void Update(PodInfo pod, int sign)
    {
        Requested.Add(pod.Requests, sign);
        RefreshFree();
        NonZeroMilliCpu += sign * pod.Requests.NonZeroMilliCpu;
        NonZeroMemory += sign * pod.Requests.NonZeroMemory;
        foreach (var port in pod.HostPortSpan)
        {
            if (sign > 0)
            {
                UsedPorts.Add(port);
            }
            else
            {
                UsedPorts.Remove(port);
            }
        }

        Generation = NextGeneration();
    }

    private static PodInfo? RemoveByKey(List<PodInfo> pods, string key)
    {
        for (var i = 0; i < pods.Count; i++)
        {
            if (string.Equals(pods[i].Key, key, StringComparison.Ordinal))
            {
                var pod = pods[i];
                pods[i] = pods[^1];
                pods.RemoveAt(pods.Count - 1);
                return pod;
            }
        }

        return null;
    }

    private static long NextGeneration() => Interlocked.Increment(ref _generation);
}
