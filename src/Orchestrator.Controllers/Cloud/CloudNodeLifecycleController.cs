using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Cloud.Provider;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Cloud;

/// <summary>
/// Kubernetes' cloud node lifecycle controller: while a node is not Ready it asks the provider about its machine
/// every node-monitor-period. A machine shut down taints the node node.cloudprovider.kubernetes.io/shutdown
/// (NoSchedule; removed once the node is Ready again); a machine that no longer exists has its Node deleted
/// (Event DeletingNode), and the node lifecycle and garbage collector take its pods from there.
/// </summary>
public sealed class CloudNodeLifecycleController : ControllerActor
{
    public const string ControllerName = "cloud-node-lifecycle-controller";

    private readonly IInstancesV2 _instances;
    private readonly TimeSpan _monitorPeriod;
    private readonly Lister _nodes;

    public CloudNodeLifecycleController(ControllerContext context, IInstancesV2 instances, CloudSettings settings)
        : base(context, ControllerName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _instances = instances ?? throw new ArgumentNullException(nameof(instances));
        _monitorPeriod = settings.NodeMonitorPeriod;
        _nodes = Watch(ResourceRef.Nodes, e =>
            e.Type == InformerEventType.Added
            || (e.Type == InformerEventType.Updated && e.OldObject is { } old
                && (CloudObjects.IsReady(old) != CloudObjects.IsReady(e.Object) || CloudObjects.HasTaint(old, CloudTaints.Shutdown) != CloudObjects.HasTaint(e.Object, CloudTaints.Shutdown)))
                ? [ObjectKey.Of(e.Object)]
                : []);
    }

    public static Props Props(ControllerContext context, IInstancesV2 instances, CloudSettings settings) =>
        Akka.Actor.Props.Create(() => new CloudNodeLifecycleController(context, instances, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_nodes.GetByKey(key) is not { } node)
        {
            return;
        }

        var shutdownTainted = CloudObjects.HasTaint(node, CloudTaints.Shutdown);
        if (CloudObjects.IsReady(node))
        {
            if (shutdownTainted)
            {
                await PatchTaintsAsync(node, CloudObjects.TaintsWithout(node, CloudTaints.Shutdown), cancellationToken);
            }

            return;
        }

        // Looked at again while it stays not Ready, whatever the provider says now.
        EnqueueAfter(key, _monitorPeriod);
        if (await _instances.InstanceShutdownAsync(node, cancellationToken))
        {
            if (!shutdownTainted)
            {
                var taints = CloudObjects.TaintsWithout(node, CloudTaints.Shutdown);
                taints.Add(new JsonObject { ["key"] = CloudTaints.Shutdown, ["effect"] = "NoSchedule" });
                await PatchTaintsAsync(node, taints, cancellationToken);
            }

            // A machine shut down is not a machine gone (Kubernetes issue 46442): its Node stays.
            return;
        }

        if (await _instances.InstanceExistsAsync(node, cancellationToken))
        {
            return;
        }

        Recorder.Event(CloudObjects.Reference("Node", node) with { Namespace = null, Uid = key }, EventType.Normal, "DeletingNode",
            $"Deleting node {key} because it does not exist in the cloud provider");
        try
        {
            await Client.DeleteAsync(ResourceRef.Nodes, null, key, new DeleteOptions { PreconditionUid = KubeObject.Uid(node) }, cancellationToken);
            Log.Info("node {0} deleted: its machine no longer exists in the cloud provider", key);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone already.
        }
    }

    private async Task PatchTaintsAsync(JsonObject node, JsonArray taints, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = KubeObject.ResourceVersion(node) },
            ["spec"] = new JsonObject { ["taints"] = taints },
        };
        try
        {
            await Client.PatchAsync(ResourceRef.Nodes, null, KubeObject.Name(node)!, PatchType.Merge, patch, cancellationToken: cancellationToken);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            // Gone already.
        }
    }
}
