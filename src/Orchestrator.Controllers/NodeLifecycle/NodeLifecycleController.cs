using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.NodeLifecycle;

/// <summary>
/// Kubernetes' node lifecycle controller. Every node-monitor-period it looks at each node's heartbeats (its
/// Lease in kube-node-lease and its Ready condition): a node silent for node-monitor-grace-period gets its
/// conditions set Unknown ("Kubelet stopped posting node status.") and its pods marked Ready=False. A node
/// not Ready is tainted NoExecute (unreachable when Unknown, not-ready when the kubelet says False) at the
/// rate its zone allows: node-eviction-rate, the secondary rate when a zone is partially disrupted, none when
/// every zone is fully disrupted (then the NoExecute taints are removed everywhere, as the network, not the
/// nodes, is probably at fault); the <see cref="TaintEvictionController"/> evicts the pods that do not tolerate
/// the taint long enough. The matching NoSchedule taints follow the conditions as they change, and all of
/// them go when the node is Ready again.
/// </summary>
/// <remarks>
/// One worker reconciles three kinds of keys, one at a time, so the health and zone state needs no lock:
/// <see cref="MonitorKey"/> (the periodic pass), <see cref="TaintKey"/> (the rate-limited NoExecute pass) and
/// <c>noschedule/NODE</c> (a node whose conditions call for other NoSchedule taints).
/// </remarks>
public sealed class NodeLifecycleController : ControllerActor
{
    public const string ControllerName = "node-lifecycle-controller";
    public const string LeaseNamespace = "kube-node-lease";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string RegionLabel = "topology.kubernetes.io/region";

    private const string MonitorKey = "monitor";
    private const string TaintKey = "noexecute-tainting";
    private const string NoSchedulePrefix = "noschedule/";

    private static readonly string[] ManagedConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    private readonly NodeLifecycleSettings _settings;
    private readonly Lister _nodes;
    private readonly Lister _leases;
    private readonly Lister _pods;

    private readonly Dictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ZoneState> _zoneStates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EvictionLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _taintQueues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _podsToMarkNotReady = new(StringComparer.Ordinal);

    public NodeLifecycleController(ControllerContext context, NodeLifecycleSettings settings)
        : base(context, ControllerName)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _nodes = Watch(ResourceRef.Nodes, e =>
            e.Type != InformerEventType.Deleted && !NodeTaints.WantedNoSchedule(e.Object).SetEquals(NodeTaints.CurrentNoSchedule(e.Object))
                ? [NoSchedulePrefix + KubeObject.Name(e.Object)]
                : []);
        _leases = Watch(new InformerKey(ResourceRef.Leases, LeaseNamespace), _ => []);
        _pods = Watch(ResourceRef.Pods, _ => []);
        Enqueue(MonitorKey);
    }

    public static Props Props(ControllerContext context, NodeLifecycleSettings settings) =>
        Akka.Actor.Props.Create(() => new NodeLifecycleController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (key == MonitorKey)
        {
            // The next pass is due a period from now whatever this one does.
            EnqueueAfter(MonitorKey, _settings.NodeMonitorPeriod);
            await MonitorAsync(cancellationToken);
        }
        else if (key == TaintKey)
        {
            await TaintingPassAsync(cancellationToken);
        }
        else if (key.StartsWith(NoSchedulePrefix, StringComparison.Ordinal))
        {
            if (_nodes.GetByKey(key[NoSchedulePrefix.Length..]) is { } node)
            {
                await SyncNoScheduleTaintsAsync(node, cancellationToken);
            }
        }
    }

    // ---- the monitor pass (monitorNodeHealth) -----------------------------------------------------------

    private async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var nodes = _nodes.List();
        var names = nodes.Select(n => KubeObject.Name(n)!).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _health.Keys.Where(n => !names.Contains(n)).ToList())
        {
            _health.Remove(gone);
            _podsToMarkNotReady.Remove(gone);
            foreach (var queue in _taintQueues.Values)
            {
                queue.Remove(gone);
            }
        }

        var zones = new Dictionary<string, (int Ready, int NotReady)>(StringComparer.Ordinal);

        // The pods by node, made once a pass and only if some node's pods are to be marked not ready.
        Dictionary<string, List<JsonObject>>? podsByNode = null;
        foreach (var cached in nodes)
        {
            var name = KubeObject.Name(cached)!;
            var zone = ZoneOf(cached);
            if (!_zoneStates.ContainsKey(zone))
            {
                _zoneStates[zone] = ZoneState.Initial;
                _limiters[zone] = new EvictionLimiter(_settings.NodeEvictionRate, Clock);
                _taintQueues[zone] = [];
            }

            var (observed, node) = await UpdateHealthAsync(cached, cancellationToken);
            var current = NodeConditions.Status(node, "Ready");
            var counts = zones.GetValueOrDefault(zone);
            zones[zone] = current == "True" ? (counts.Ready + 1, counts.NotReady) : (counts.Ready, counts.NotReady + 1);
            if (current is null)
            {
                continue;
            }

            node = await ProcessTaintBasedEvictionAsync(node, zone, current, cancellationToken);
            if (current != "True" && observed == "True")
            {
                Recorder.Event(NodeReference(name), EventType.Normal, "NodeNotReady", $"Node {name} status is now: NodeNotReady");
                _podsToMarkNotReady.Add(name);
            }
            else if (current == "True")
            {
                _podsToMarkNotReady.Remove(name);
            }

            if (_podsToMarkNotReady.Contains(name)
                && await MarkPodsNotReadyAsync(name, (podsByNode ??= PodsByNode()).GetValueOrDefault(name) ?? [], cancellationToken))
            {
                _podsToMarkNotReady.Remove(name);
            }
        }

        await HandleDisruptionAsync(zones, nodes, cancellationToken);
        if (_taintQueues.Values.Any(q => q.Count > 0))
        {
            Enqueue(TaintKey);
        }
    }

    /// <summary>
    /// Notes the node's heartbeats and, past the grace period without one, sets its conditions Unknown
    /// (tryUpdateNodeHealth). Returns the Ready status seen before and the node as it is now.
    /// </summary>
    private async Task<(string? Observed, JsonObject Node)> UpdateHealthAsync(JsonObject node, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var name = KubeObject.Name(node)!;
        var ready = NodeConditions.Get(node, "Ready");
        var observed = ready is null ? null : KubeObject.GetString(ready, "status");
        var heartbeat = ready is null ? null : KubeObject.GetString(ready, "lastHeartbeatTime");
        var renewed = _leases.Get(LeaseNamespace, name) is { } lease ? KubeObject.GetString(lease, "spec", "renewTime") : null;
        if (!_health.TryGetValue(name, out var health))
        {
            // First seen (or the controller restarted): a full grace period from now.
            _health[name] = new NodeHealth(now) { ReadyHeartbeat = heartbeat, LeaseRenewTime = renewed };
            return (observed, node);
        }

        if (heartbeat != health.ReadyHeartbeat)
        {
            health.ReadyHeartbeat = heartbeat;
            health.ProbeTime = now;
        }

        if (renewed is not null && renewed != health.LeaseRenewTime)
        {
            health.LeaseRenewTime = renewed;
            health.ProbeTime = now;
        }

        var grace = ready is null ? _settings.NodeStartupGracePeriod : _settings.NodeMonitorGracePeriod;
        if (now - health.ProbeTime <= grace)
        {
            return (observed, node);
        }

        var copy = node.DeepClone().AsObject();
        var conditions = KubeObject.Get(copy, "status", "conditions") as JsonArray;
        if (conditions is null)
        {
            conditions = [];
            KubeObject.EnsureObject(copy, "status")["conditions"] = conditions;
        }

        var changed = false;
        var time = NodeTaints.Rfc3339(now);
        foreach (var type in ManagedConditions)
        {
            var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => KubeObject.GetString(c, "type") == type);
            if (condition is null)
            {
                conditions.Add(new JsonObject
                {
                    ["type"] = type,
                    ["status"] = "Unknown",
                    ["lastHeartbeatTime"] = KubeObject.GetString(node, "metadata", "creationTimestamp"),
                    ["lastTransitionTime"] = time,
                    ["reason"] = "NodeStatusNeverUpdated",
                    ["message"] = "Kubelet never posted node status.",
                });
                changed = true;
            }
            else if (KubeObject.GetString(condition, "status") != "Unknown")
            {
                condition["status"] = "Unknown";
                condition["reason"] = "NodeStatusUnknown";
                condition["message"] = "Kubelet stopped posting node status.";
                condition["lastTransitionTime"] = time;
                changed = true;
            }
        }

        if (!changed)
        {
            return (observed, node);
        }

        Log.Info("node {0} has not sent a heartbeat for {1}: its conditions are Unknown", name, now - health.ProbeTime);
        var updated = await Client.UpdateStatusAsync(ResourceRef.Nodes, copy, cancellationToken);
        return (observed, updated);
    }

    /// <summary>
    /// A node not Ready is queued for its NoExecute taint, or has it swapped at once when it already has the
    /// other one; a Ready node loses both (processTaintBaseEviction).
    /// </summary>
    private async Task<JsonObject> ProcessTaintBasedEvictionAsync(JsonObject node, string zone, string ready, CancellationToken cancellationToken)
    {
        var name = KubeObject.Name(node)!;
        var queue = _taintQueues[zone];
        switch (ready)
        {
            case "False" or "Unknown":
                var (wanted, other) = ready == "False" ? (NodeTaints.NotReady, NodeTaints.Unreachable) : (NodeTaints.Unreachable, NodeTaints.NotReady);
                if (NodeTaints.Has(node, other, NodeTaints.NoExecute))
                {
                    return await ChangeTaintsAsync(node, [NodeTaints.New(wanted, NodeTaints.NoExecute, Clock.GetUtcNow())], [(other, NodeTaints.NoExecute)], cancellationToken);
                }

                if (!NodeTaints.Has(node, wanted, NodeTaints.NoExecute) && !queue.Contains(name))
                {
                    queue.Add(name);
                }

                return node;
            default:
                queue.Remove(name);
                return await MarkReachableAsync(node, cancellationToken);
        }
    }

    private Task<JsonObject> MarkReachableAsync(JsonObject node, CancellationToken cancellationToken) =>
        ChangeTaintsAsync(node, [], [(NodeTaints.Unreachable, NodeTaints.NoExecute), (NodeTaints.NotReady, NodeTaints.NoExecute)], cancellationToken);

    /// <summary>Zone states from this pass's counts, and the eviction rates they call for (handleDisruption).</summary>
    private async Task HandleDisruptionAsync(Dictionary<string, (int Ready, int NotReady)> counts, IReadOnlyList<JsonObject> nodes, CancellationToken cancellationToken)
    {
        foreach (var gone in _zoneStates.Keys.Where(z => !counts.ContainsKey(z)).ToList())
        {
            _zoneStates.Remove(gone);
            _limiters.Remove(gone);
            _taintQueues.Remove(gone);
        }

        var states = counts.ToDictionary(c => c.Key, c => ZoneStates.Compute(c.Value.Ready, c.Value.NotReady, _settings.UnhealthyZoneThreshold), StringComparer.Ordinal);
        var allWereDisrupted = _zoneStates.Count > 0 && _zoneStates.Values.All(s => s == ZoneState.FullDisruption);
        var allAreDisrupted = states.Count > 0 && states.Values.All(s => s == ZoneState.FullDisruption);

        if (allAreDisrupted)
        {
            if (!allWereDisrupted)
            {
                Log.Warning("no node is Ready: entering full disruption mode, in which no pod is evicted");
            }

            // Every node down at once is more likely the controller's own network than the nodes: evict nothing.
            foreach (var zone in states.Keys)
            {
                _limiters[zone].SetRate(0);
                _taintQueues[zone].Clear();
            }

            foreach (var node in nodes.Where(n => NodeTaints.Has(n, NodeTaints.Unreachable, NodeTaints.NoExecute) || NodeTaints.Has(n, NodeTaints.NotReady, NodeTaints.NoExecute)))
            {
                await MarkReachableAsync(node, cancellationToken);
            }
        }
        else if (allWereDisrupted)
        {
            Log.Info("some node is Ready again: leaving full disruption mode");

            // Nodes silent meanwhile get a full grace period from now before they are acted on.
            var now = Clock.GetUtcNow();
            foreach (var health in _health.Values)
            {
                health.ProbeTime = now;
            }

            foreach (var (zone, state) in states)
            {
                SetZoneRate(zone, state, counts[zone].Ready + counts[zone].NotReady);
            }
        }
        else
        {
            foreach (var (zone, state) in states)
            {
                if (_zoneStates.GetValueOrDefault(zone) != state)
                {
                    SetZoneRate(zone, state, counts[zone].Ready + counts[zone].NotReady);
                }
            }
        }

        foreach (var (zone, state) in states)
        {
            if (_zoneStates.GetValueOrDefault(zone) is var previous && previous != state && previous != ZoneState.Initial)
            {
                Log.Info("zone \"{0}\" is now in state {1}", zone, state);
            }

            _zoneStates[zone] = state;
        }
    }

    /// <summary>setLimiterInZone.</summary>
    private void SetZoneRate(string zone, ZoneState state, int size) =>
        _limiters[zone].SetRate(state switch
        {
            ZoneState.PartialDisruption => size > _settings.LargeClusterSizeThreshold ? _settings.SecondaryNodeEvictionRate : 0,
            _ => _settings.NodeEvictionRate,
        });

    // ---- the NoExecute tainting pass (doNoExecuteTaintingPass) ------------------------------------------

    private async Task TaintingPassAsync(CancellationToken cancellationToken)
    {
        foreach (var (zone, queue) in _taintQueues)
        {
            var limiter = _limiters[zone];
            var index = 0;
            while (index < queue.Count)
            {
                var name = queue[index];
                var node = _nodes.GetByKey(name);
                var ready = node is null ? null : NodeConditions.Status(node, "Ready");
                if (node is null || ready is null or "True")
                {
                    queue.RemoveAt(index);
                    continue;
                }

                if (!limiter.TryAccept())
                {
                    break;
                }

                var (wanted, other) = ready == "False" ? (NodeTaints.NotReady, NodeTaints.Unreachable) : (NodeTaints.Unreachable, NodeTaints.NotReady);
                try
                {
                    await ChangeTaintsAsync(node, [NodeTaints.New(wanted, NodeTaints.NoExecute, Clock.GetUtcNow())], [(other, NodeTaints.NoExecute)], cancellationToken);
                    queue.RemoveAt(index);
                    Log.Info("node {0} is tainted {1}:NoExecute: pods that do not tolerate it will be evicted", name, wanted);
                }
                catch (KubeApiException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Tried again on the next pass, after the others.
                    Log.Warning("could not taint node {0}: {1}", name, e.Message);
                    index++;
                }
            }
        }

        if (_taintQueues.Values.Any(q => q.Count > 0))
        {
            EnqueueAfter(TaintKey, _settings.NodeEvictionPeriod);
        }
    }

    // ---- NoSchedule taints (doNoScheduleTaintingPass) -----------------------------------------------------

    private async Task SyncNoScheduleTaintsAsync(JsonObject node, CancellationToken cancellationToken)
    {
        var wanted = NodeTaints.WantedNoSchedule(node);
        var current = NodeTaints.CurrentNoSchedule(node);
        if (wanted.SetEquals(current))
        {
            return;
        }

        await ChangeTaintsAsync(
            node,
            wanted.Except(current).Select(k => NodeTaints.New(k, NodeTaints.NoSchedule)),
            current.Except(wanted).Select(k => (k, NodeTaints.NoSchedule)),
            cancellationToken);
    }

    // ---- writes ---------------------------------------------------------------------------------------

    /// <summary>Writes the node's taints with these changes (guarded by its resourceVersion); returns the node as stored.</summary>
    private async Task<JsonObject> ChangeTaintsAsync(JsonObject node, IEnumerable<JsonObject> add, IEnumerable<(string Key, string Effect)> remove, CancellationToken cancellationToken)
    {
        if (NodeTaints.Change(node, add, remove) is not { } taints)
        {
            return node;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = KubeObject.ResourceVersion(node) },
            ["spec"] = new JsonObject { ["taints"] = taints },
        };
        return await Client.PatchAsync(ResourceRef.Nodes, null, KubeObject.Name(node)!, PatchType.Merge, patch, cancellationToken: cancellationToken);
    }

    /// <summary>Sets Ready=False on every pod of the node (MarkPodsNotReady); false when some could not be written.</summary>
    private async Task<bool> MarkPodsNotReadyAsync(string nodeName, List<JsonObject> pods, CancellationToken cancellationToken)
    {
        var done = true;
        var now = NodeTaints.Rfc3339(Clock.GetUtcNow());
        foreach (var pod in pods)
        {
            if (KubeObject.GetString(pod, "status", "phase") is "Succeeded" or "Failed"
                || (KubeObject.Get(pod, "status", "conditions") as JsonArray)?.OfType<JsonObject>()
                    .FirstOrDefault(c => KubeObject.GetString(c, "type") == "Ready") is not { } ready
                || KubeObject.GetString(ready, "status") == "False")
            {
                continue;
            }

            var copy = pod.DeepClone().AsObject();
            var condition = ((JsonArray)KubeObject.Get(copy, "status", "conditions")!).OfType<JsonObject>().First(c => KubeObject.GetString(c, "type") == "Ready");
            condition["status"] = "False";
            condition["lastTransitionTime"] = now;
            try
            {
                await Client.UpdateStatusAsync(ResourceRef.Pods, copy, cancellationToken);
                Recorder.Event(pod, EventType.Warning, "NodeNotReady", "Node is not ready");
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }
            catch (KubeApiException e)
            {
                Log.Warning("could not mark pod {0} on node {1} not ready: {2}", ObjectKey.Of(pod), nodeName, e.Message);
                done = false;
            }
        }

        return done;
    }

    private Dictionary<string, List<JsonObject>> PodsByNode()
    {
        var byNode = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var pod in _pods.List())
        {
            if (KubeObject.GetString(pod, "spec", "nodeName") is { Length: > 0 } node)
            {
                (byNode.TryGetValue(node, out var list) ? list : byNode[node] = []).Add(pod);
            }
        }

        return byNode;
    }

    /// <summary>The node's zone key as Kubernetes' GetZoneKey makes it (region and zone), "" without either label.</summary>
    internal static string ZoneOf(JsonObject node)
    {
        var labels = KubeObject.Labels(node);
        var region = labels.GetValueOrDefault(RegionLabel) ?? labels.GetValueOrDefault("failure-domain.beta.kubernetes.io/region") ?? "";
        var zone = labels.GetValueOrDefault(ZoneLabel) ?? labels.GetValueOrDefault("failure-domain.beta.kubernetes.io/zone") ?? "";
        return region.Length == 0 && zone.Length == 0 ? "" : $"{region}:\0:{zone}";
    }

    private static ObjectReference NodeReference(string name) => new("Node", null, name) { ApiVersion = "v1", Uid = name };
}
