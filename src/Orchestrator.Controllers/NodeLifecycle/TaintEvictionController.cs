using System.Globalization;
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
/// Kubernetes' taint-eviction-controller (the NoExecute taint manager): a pod on a node with NoExecute taints
/// it does not tolerate is deleted at once; one that tolerates them for a while (tolerationSeconds, 300 s by
/// default for not-ready and unreachable, added by the API) is deleted when that time, counted from when the
/// taint was added, runs out; one that tolerates them forever stays. Before deleting, the pod gets the
/// DisruptionTarget condition saying why.
/// </summary>
public sealed class TaintEvictionController : ControllerActor
{
    public const string ControllerName = "taint-eviction-controller";

    private readonly Lister _nodes;
    private readonly Lister _pods;

    public TaintEvictionController(ControllerContext context, int workers = 8)
        : base(context, ControllerName, workers)
    {
        // A node whose NoExecute taints changed: each of its pods is looked at.
        _nodes = Watch(ResourceRef.Nodes, e =>
            e.Type != InformerEventType.Deleted && NoExecuteKey(e.Object) != (e.OldObject is null ? "" : NoExecuteKey(e.OldObject))
                ? PodKeysOn(KubeObject.Name(e.Object)!)
                : []);

        // A pod newly on (or changed on) a tainted node.
        _pods = Watch(ResourceRef.Pods, e =>
            e.Type != InformerEventType.Deleted && KubeObject.GetString(e.Object, "spec", "nodeName") is { Length: > 0 } node
            && _nodes.GetByKey(node) is { } n && NoExecuteTaints(n).Count > 0
                ? [ObjectKey.Of(e.Object)]
                : []);
    }

    public static Props Props(ControllerContext context) => Akka.Actor.Props.Create(() => new TaintEvictionController(context, 8));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_pods.GetByKey(key) is not { } pod || KubeObject.DeletionTimestamp(pod) is not null
            || KubeObject.GetString(pod, "spec", "nodeName") is not { Length: > 0 } nodeName || _nodes.GetByKey(nodeName) is not { } node)
        {
            return;
        }

        var taints = NoExecuteTaints(node);
        if (taints.Count == 0)
        {
            return;
        }

        var allowed = Tolerations.TimeAllowed(Tolerations.Of(KubeObject.Get(pod, "spec") as JsonObject), taints);
        if (allowed == TimeSpan.MaxValue)
        {
            return;
        }

        if (allowed is { } time)
        {
            // Counted from the latest of the taints, as the taint manager counts from the change it saw.
            var since = taints.Select(TimeAdded).Max() ?? Clock.GetUtcNow();
            var left = since + time - Clock.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                EnqueueAfter(key, left);
                return;
            }
        }

        await EvictAsync(pod, cancellationToken);
    }

    private async Task EvictAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var (ns, name) = (KubeObject.Namespace(pod)!, KubeObject.Name(pod)!);
        Recorder.Event(pod, EventType.Normal, "TaintManagerEviction", $"Marking for deletion Pod {ns}/{name}");
        try
        {
            var condition = new JsonObject
            {
                ["type"] = "DisruptionTarget",
                ["status"] = "True",
                ["reason"] = "DeletionByTaintManager",
                ["message"] = "Taint manager: deleting due to NoExecute taint",
                ["lastTransitionTime"] = NodeTaints.Rfc3339(Clock.GetUtcNow()),
            };
            await Client.PatchAsync(ResourceRef.Pods, ns, name, PatchType.StrategicMerge,
                new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } }, "status", cancellationToken);
            await Client.DeleteAsync(ResourceRef.Pods, ns, name, cancellationToken: cancellationToken);
            Log.Info("evicted pod {0}/{1}: its node is tainted NoExecute", ns, name);
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
        }
    }

    private List<string> PodKeysOn(string nodeName) =>
        _pods.List().Where(p => KubeObject.GetString(p, "spec", "nodeName") == nodeName).Select(ObjectKey.Of).ToList();

    private static List<JsonObject> NoExecuteTaints(JsonObject node) =>
        [.. NodeTaints.Of(node).Where(t => NodeTaints.Effect(t) == NodeTaints.NoExecute)];

    private static string NoExecuteKey(JsonObject node) =>
        string.Join(",", NoExecuteTaints(node).Select(t => $"{NodeTaints.Key(t)}={NodeTaints.Value(t)}@{KubeObject.GetString(t, "timeAdded")}"));

    private static DateTimeOffset? TimeAdded(JsonObject taint) =>
        KubeObject.GetString(taint, "timeAdded") is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
}
