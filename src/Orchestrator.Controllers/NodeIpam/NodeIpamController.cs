using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.NodeIpam;

/// <summary>
/// The range allocator of Kubernetes' node-ipam controller: gives every Node without one a pod range
/// (spec.podCIDR and spec.podCIDRs) of the node mask size from the cluster CIDR, and frees it when the node
/// goes. The ranges taken are recovered from the nodes themselves before the first allocation, so a restarted
/// controller never hands out a range twice. Kubelets (the hollow ones too) give their pods addresses from it.
/// </summary>
public sealed class NodeIpamController : ControllerActor
{
    public const string ControllerName = "node-ipam-controller";

    private readonly Lister _nodes;
    private readonly CidrSet _cidrs;

    // What each node holds, so that a deleted node's range can be freed. One worker, so one sync at a time;
    // the lock only orders the memory between the syncs' threads.
    private readonly Dictionary<string, IPNetwork> _assigned = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private bool _recovered;

    public NodeIpamController(ControllerContext context, NodeIpamSettings settings)
        : base(context, ControllerName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _cidrs = new CidrSet(settings.ClusterCidr, settings.NodeCidrMaskSize);
        _nodes = Watch(ResourceRef.Nodes, e =>
            e.Type == InformerEventType.Updated && PodCidrs(e.Object).Count > 0 && PodCidrs(e.OldObject ?? e.Object).Count > 0 ? [] : [ObjectKey.Of(e.Object)]);
    }

    public static Props Props(ControllerContext context, NodeIpamSettings settings) =>
        Akka.Actor.Props.Create(() => new NodeIpamController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        IPNetwork range;
        lock (_gate)
        {
            RecoverOnce();
            var node = _nodes.GetByKey(key);
            if (node is null)
            {
                if (_assigned.Remove(key, out var freed))
                {
                    _cidrs.Release(freed);
                    Log.Info("node {0} is gone: its pod range {1} is free", key, freed);
                }

                return;
            }

            if (Occupy(key, node))
            {
                return;
            }

            // A node of that name that went and came back may still hold the old one's range here.
            if (_assigned.Remove(key, out var stale))
            {
                _cidrs.Release(stale);
            }

            if (_cidrs.Allocate() is not { } allocated)
            {
                Recorder.Event(NodeReference(node), EventType.Normal, "CIDRNotAvailable", $"Node {key} status is now: CIDRNotAvailable");
                throw new InvalidOperationException($"no pod range left in {_cidrs.ClusterCidr} for node {key}: all {_cidrs.Capacity} are taken");
            }

            range = allocated;
            _assigned[key] = range;
        }

        try
        {
            var text = range.ToString();
            var patch = new JsonObject { ["spec"] = new JsonObject { ["podCIDR"] = text, ["podCIDRs"] = new JsonArray(text) } };
            await Client.PatchAsync(ResourceRef.Nodes, null, key, PatchType.Merge, patch, cancellationToken: cancellationToken);
            Log.Info("node {0} gets the pod range {1}", key, text);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            Free(key, range);
        }
        catch
        {
            // Whatever the node holds now is taken from the cache on the retry.
            Free(key, range);
            throw;
        }
    }

    /// <summary>Takes every range the nodes already hold before handing out any (the allocator's restart recovery).</summary>
    private void RecoverOnce()
    {
        if (_recovered)
        {
            return;
        }

        _recovered = true;
        foreach (var node in _nodes.List())
        {
            Occupy(ObjectKey.Of(node), node);
        }

        Log.Info("{0} of {1} pod ranges in {2} are held by nodes", _cidrs.InUse, _cidrs.Capacity, _cidrs.ClusterCidr);
    }

    /// <summary>Records the range the node holds, if it holds one (true), taking it in the set when it is one of the set's.</summary>
    private bool Occupy(string key, JsonObject node)
    {
        var cidrs = PodCidrs(node);
        if (cidrs.Count == 0)
        {
            return false;
        }

        foreach (var text in cidrs)
        {
            if (IPNetwork.TryParse(text, out var held) && _cidrs.Occupy(held))
            {
                if (_assigned.TryGetValue(key, out var previous) && previous != held)
                {
                    _cidrs.Release(previous);
                }

                _assigned[key] = held;
                return true;
            }
        }

        Log.Warning("node {0} holds the pod range {1}, outside the cluster CIDR {2}", key, string.Join(",", cidrs), _cidrs.ClusterCidr);
        return true;
    }

    private void Free(string key, IPNetwork range)
    {
        lock (_gate)
        {
            if (_assigned.TryGetValue(key, out var held) && held == range)
            {
                _assigned.Remove(key);
                _cidrs.Release(range);
            }
        }
    }

    private static ObjectReference NodeReference(JsonObject node) =>
        new("Node", null, KubeObject.Name(node)!) { ApiVersion = "v1", Uid = KubeObject.Name(node) };

    /// <summary>spec.podCIDRs, else spec.podCIDR (the v1 API carries the first in both).</summary>
    internal static IReadOnlyList<string> PodCidrs(JsonObject node)
    {
        var list = (KubeObject.Get(node, "spec", "podCIDRs") as JsonArray)?
            .Select(c => c is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().Where(s => s.Length > 0).ToList() ?? [];
        if (list.Count == 0 && KubeObject.GetString(node, "spec", "podCIDR") is { Length: > 0 } single)
        {
            list.Add(single);
        }

        return list;
    }
}
