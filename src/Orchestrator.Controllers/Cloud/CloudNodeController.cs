using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud;

/// <summary>
/// Kubernetes' cloud node controller: initialises a node from the provider's <see cref="InstanceMetadata"/>
/// (spec.providerID, the instance-type, zone and region labels, status.addresses) and removes the
/// node.cloudprovider.kubernetes.io/uninitialized taint a kubelet run with --cloud-provider=external registers
/// with; then refreshes addresses and labels every node-status-update-frequency. Unlike Kubernetes, a node
/// registered without the taint but also without a providerID is initialised too, since this cluster's kubelets
/// do not take a --cloud-provider flag.
/// </summary>
public sealed class CloudNodeController : ControllerActor
{
    public const string ControllerName = "cloud-node-controller";

    private readonly IInstancesV2 _instances;
    private readonly TimeSpan _updateFrequency;
    private readonly Lister _nodes;

    public CloudNodeController(ControllerContext context, IInstancesV2 instances, CloudSettings settings)
        : base(context, ControllerName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _instances = instances ?? throw new ArgumentNullException(nameof(instances));
        _updateFrequency = settings.NodeStatusUpdateFrequency;
        _nodes = Watch(ResourceRef.Nodes, e => e.Type == InformerEventType.Added || (e.Type == InformerEventType.Updated && NeedsInitialization(e.Object)) ? [ObjectKey.Of(e.Object)] : []);
    }

    public static Props Props(ControllerContext context, IInstancesV2 instances, CloudSettings settings) =>
        Akka.Actor.Props.Create(() => new CloudNodeController(context, instances, settings));

    /// <summary>Tainted uninitialized, or without a providerID.</summary>
    public static bool NeedsInitialization(JsonObject node) =>
        CloudObjects.HasTaint(node, CloudTaints.Uninitialized) || string.IsNullOrEmpty(KubeObject.GetString(node, "spec", "providerID"));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_nodes.GetByKey(key) is not { } node)
        {
            return;
        }

        var metadata = await _instances.InstanceMetadataAsync(node, cancellationToken);
        var initializing = NeedsInitialization(node);
        var spec = new JsonObject();
        if (string.IsNullOrEmpty(KubeObject.GetString(node, "spec", "providerID")) && metadata.ProviderId.Length > 0)
        {
            spec["providerID"] = metadata.ProviderId;
        }

        if (CloudObjects.HasTaint(node, CloudTaints.Uninitialized))
        {
            spec["taints"] = CloudObjects.TaintsWithout(node, CloudTaints.Uninitialized);
        }

        var labels = new JsonObject();
        var current = KubeObject.Labels(node);
        foreach (var (label, value) in WantedLabels(metadata))
        {
            if (value.Length > 0 && current.GetValueOrDefault(label) != value)
            {
                labels[label] = value;
            }
        }

        if (spec.Count > 0 || labels.Count > 0)
        {
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["resourceVersion"] = KubeObject.ResourceVersion(node) } };
            if (labels.Count > 0)
            {
                patch["metadata"]!["labels"] = labels;
            }

            if (spec.Count > 0)
            {
                patch["spec"] = spec;
            }

            try
            {
                node = await Client.PatchAsync(ResourceRef.Nodes, null, key, PatchType.Merge, patch, cancellationToken: cancellationToken);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return;
            }
        }

        // Addresses only when the provider knows some, and they differ from the ones reported.
        var addresses = metadata.NodeAddresses;
        if (addresses.Count > 0 && !addresses.SequenceEqual(NodeAddress.Of(node)))
        {
            var patch = new JsonObject { ["status"] = new JsonObject { ["addresses"] = new JsonArray([.. addresses.Select(a => (JsonNode)a.ToJson())]) } };
            await Client.PatchAsync(ResourceRef.Nodes, null, key, PatchType.Merge, patch, "status", cancellationToken);
        }

        if (initializing)
        {
            Recorder.Event(CloudObjects.Reference("Node", node) with { Namespace = null, Uid = key }, EventType.Normal, "Synced", "Node synced successfully");
        }

        EnqueueAfter(key, _updateFrequency);
    }

    private static IEnumerable<(string Label, string Value)> WantedLabels(InstanceMetadata metadata)
    {
        yield return (CloudTaints.InstanceTypeLabel, metadata.InstanceType);
        yield return (CloudTaints.ZoneLabel, metadata.Zone);
        yield return (CloudTaints.RegionLabel, metadata.Region);
        foreach (var (label, value) in metadata.AdditionalLabels)
        {
            yield return (label, value);
        }
    }
}
