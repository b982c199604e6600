using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// The cluster as the scheduler sees it: every node (<see cref="NodeInfo"/>), the pods bound or assumed on
/// each, and the labels of every namespace (for namespace selectors). It plays both parts of Kubernetes'
/// scheduler cache and snapshot: the owner (the scheduler actor, one thread) applies informer events
/// and assumptions incrementally, and the algorithm reads it between those updates. Not thread-safe.
/// </summary>
public sealed class Snapshot
{
    private static readonly Dictionary<string, string> NoLabels = [];
    private static readonly Dictionary<string, PodEntry> NoPods = [];

    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);
    private readonly List<NodeInfo> _nodes = [];
    private readonly Dictionary<string, PodEntry> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _namespaceLabels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, PodEntry>> _podsByNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _labelValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, PodInfo>> _nominatedByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nominatedNodeOf = new(StringComparer.Ordinal);

    /// <summary>The nodes whose Node object is known, in no particular order.</summary>
    public IReadOnlyList<NodeInfo> Nodes => _nodes;

    public int NodeCount => _nodes.Count;

    /// <summary>Pods (bound or assumed) that have any pod affinity or anti-affinity.</summary>
    public int PodsWithAffinityCount { get; private set; }

    /// <summary>Pods (bound or assumed) with required anti-affinity terms.</summary>
    public int PodsWithRequiredAntiAffinityCount { get; private set; }

    public int PodCount => _pods.Count;

    /// <summary>Adds a node or replaces its object; pods already there stay.</summary>
    public NodeInfo UpsertNode(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var name = NodeInfo.NameOf(node);
        var info = GetOrCreate(name);
        if (info.SetNode(node))
        {
            _labelValues.Clear();
        }

        if (info.Index < 0)
        {
            info.Index = _nodes.Count;
            _nodes.Add(info);
        }

        return info;
    }

    /// <summary>Removes a node object. Pods still bound there are kept (on a node-less NodeInfo) until they go.</summary>
    public bool RemoveNode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byName.TryGetValue(name, out var info) || !info.HasNode)
        {
            return false;
        }

        info.ClearNode();
        Unlist(info);
        _labelValues.Clear();
        if (info.PodList.Count == 0)
        {
            _byName.Remove(name);
        }

        return true;
    }

    /// <summary>The node of this name, or null when its Node object is unknown.</summary>
    public NodeInfo? GetNode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out var info) && info.HasNode ? info : null;
    }

    /// <summary>
    /// Records a pod bound to <see cref="PodInfo.NodeName"/> (an informer add or update). A pod already
    /// known, assumed or bound, is replaced, and moves if its node changed; an assumed pod is confirmed.
    /// </summary>
    public void AddOrUpdatePod(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (pod.NodeName is null)
        {
            throw new ArgumentException($"pod {pod} is not bound to a node", nameof(pod));
        }

        Place(pod, pod.NodeName, assumed: false);
    }

    /// <summary>
    /// Records that a pod is going to <paramref name="nodeName"/> before the binding is confirmed, so the
    /// next attempts see its resources taken (Kubernetes' AssumePod).
    /// </summary>
    public void AssumePod(PodInfo pod, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(nodeName);
        Place(pod, nodeName, assumed: true);
    }

    /// <summary>Drops an assumed pod whose binding failed (Kubernetes' ForgetPod); false when it was not assumed.</summary>
    public bool ForgetPod(string podKey)
    {
        ArgumentNullException.ThrowIfNull(podKey);
        return _pods.TryGetValue(podKey, out var entry) && entry.Assumed && RemovePod(podKey);
    }

    /// <summary>Removes a pod (deleted, or no longer bound); false when it was unknown.</summary>
    public bool RemovePod(string podKey)
    {
        ArgumentNullException.ThrowIfNull(podKey);
        if (!_pods.Remove(podKey, out var entry))
        {
            return false;
        }

        entry.Node.RemovePod(podKey);
        Count(entry.Pod, -1);
        if (_podsByNamespace.TryGetValue(entry.Pod.Namespace, out var inNamespace))
        {
            inNamespace.Remove(podKey);
            if (inNamespace.Count == 0)
            {
                _podsByNamespace.Remove(entry.Pod.Namespace);
            }
        }

        if (!entry.Node.HasNode && entry.Node.PodList.Count == 0)
        {
            _byName.Remove(entry.Node.Name);
        }

        return true;
    }

    /// <summary>
    /// Records where a pending pod was nominated by preemption (status.nominatedNodeName), or forgets it when it
    /// has no nomination: filters count nominated pods of at least the same priority as already on their node, so
    /// the room preemption made is not taken by lower-priority pods (Kubernetes' nominator).
    /// </summary>
    public void SetNominatedPod(PodInfo pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        RemoveNominatedPod(pod.Key);
        if (pod.NominatedNodeName is { } node && pod.NodeName is null)
        {
            if (!_nominatedByNode.TryGetValue(node, out var onNode))
            {
                _nominatedByNode[node] = onNode = new Dictionary<string, PodInfo>(StringComparer.Ordinal);
            }

            onNode[pod.Key] = pod;
            _nominatedNodeOf[pod.Key] = node;
        }
    }

    /// <summary>Forgets a pod's nomination (bound, deleted, or nominated no more).</summary>
    public void RemoveNominatedPod(string podKey)
    {
        ArgumentNullException.ThrowIfNull(podKey);
        if (_nominatedNodeOf.Remove(podKey, out var node) && _nominatedByNode.TryGetValue(node, out var onNode))
        {
            onNode.Remove(podKey);
            if (onNode.Count == 0)
            {
                _nominatedByNode.Remove(node);
            }
        }
    }

    /// <summary>The pods nominated to a node, or null when there are none.</summary>
    internal IReadOnlyCollection<PodInfo>? NominatedPodsOn(string nodeName) =>
        _nominatedByNode.TryGetValue(nodeName, out var onNode) ? onNode.Values : null;

    public bool IsAssumed(string podKey)
    {
        ArgumentNullException.ThrowIfNull(podKey);
        return _pods.TryGetValue(podKey, out var entry) && entry.Assumed;
    }

    /// <summary>The pod with this key as last recorded, or null.</summary>
    public PodInfo? GetPod(string podKey)
    {
        ArgumentNullException.ThrowIfNull(podKey);
        return _pods.TryGetValue(podKey, out var entry) ? entry.Pod : null;
    }

    /// <summary>The node a known pod is bound or assumed to, or null.</summary>
    public string? NodeOfPod(string podKey)
    {
        ArgumentNullException.ThrowIfNull(podKey);
        return _pods.TryGetValue(podKey, out var entry) ? entry.Node.Name : null;
    }

    /// <summary>Sets a namespace's labels (from a Namespace object); namespace selectors match against them.</summary>
    public void SetNamespaceLabels(string name, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(labels);
        _namespaceLabels[name] = new Dictionary<string, string>(labels, StringComparer.Ordinal);
    }

    public bool RemoveNamespace(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _namespaceLabels.Remove(name);
    }

    /// <summary>The labels of a namespace; empty when unknown.</summary>
    public IReadOnlyDictionary<string, string> NamespaceLabels(string name) => NamespaceLabelMap(name);

    internal Dictionary<string, string> NamespaceLabelMap(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _namespaceLabels.TryGetValue(name, out var labels) ? labels : NoLabels;
    }

    /// <summary>
    /// The distinct values of a node label over the listed nodes (the topology domains of a key), kept
    /// until a node comes, goes or changes its labels: status heartbeats do not invalidate it.
    /// </summary>
    internal string[] LabelValues(string key)
    {
        if (!_labelValues.TryGetValue(key, out var values))
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in _nodes)
            {
                if (node.LabelMap.TryGetValue(key, out var value))
                {
                    set.Add(value);
                }
            }

            values = [.. set];
            _labelValues[key] = values;
        }

        return values;
    }

    /// <summary>
    /// The pods of one namespace (bound or assumed) with their nodes: counting pods that match a selector
    /// this way visits only that namespace's pods instead of every pod on every node.
    /// </summary>
    internal Dictionary<string, PodEntry>.ValueCollection PodsInNamespace(string ns) =>
        (_podsByNamespace.TryGetValue(ns, out var pods) ? pods : NoPods).Values;

    private void Place(PodInfo pod, string nodeName, bool assumed)
    {
        RemovePod(pod.Key);
        var node = GetOrCreate(nodeName);
        node.AddPod(pod);
        Count(pod, 1);
        var entry = new PodEntry(pod, node, assumed);
        _pods[pod.Key] = entry;
        if (!_podsByNamespace.TryGetValue(pod.Namespace, out var inNamespace))
        {
            inNamespace = new Dictionary<string, PodEntry>(StringComparer.Ordinal);
            _podsByNamespace[pod.Namespace] = inNamespace;
        }

        inNamespace[pod.Key] = entry;
    }

    private NodeInfo GetOrCreate(string name)
    {
        if (!_byName.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name);
            _byName[name] = info;
        }

        return info;
    }

    private void Unlist(NodeInfo info)
    {
        var index = info.Index;
        if (index < 0)
        {
            return;
        }

        var last = _nodes[^1];
        _nodes[index] = last;
        last.Index = index;
        _nodes.RemoveAt(_nodes.Count - 1);
        info.Index = -1;
    }

    private void Count(PodInfo pod, int sign)
    {
        if (pod.HasPodAffinity)
        {
            PodsWithAffinityCount += sign;
        }

        if (pod.RequiredAntiAffinityTerms.Count > 0)
        {
            PodsWithRequiredAntiAffinityCount += sign;
        }
    }

    /// <summary>A pod, the node it is bound or assumed to, and whether only assumed.</summary>
    internal sealed record PodEntry(PodInfo Pod, NodeInfo Node, bool Assumed);
}
