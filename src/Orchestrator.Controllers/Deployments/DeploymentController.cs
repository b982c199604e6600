using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Controllers.Deployments;

/// <summary>
/// Kubernetes' Deployment controller: owns ReplicaSets named &lt;deployment&gt;-&lt;pod-template-hash&gt; (adopting
/// orphans its selector matches, releasing those it no longer does), rolls the pod template out by RollingUpdate
/// (maxSurge, maxUnavailable) or Recreate, numbers revisions, keeps spec.revisionHistoryLimit old ReplicaSets,
/// honours spec.paused, scales proportionally while a rollout is under way, and reports status and the
/// Progressing, Available and ReplicaFailure conditions (<see cref="DeploymentSync"/> does one sync).
/// </summary>
public sealed class DeploymentController : ControllerActor
{
    public const string ControllerName = "deployment-controller";

    public const string Kind = "Deployment";
    public const string ApiVersion = "apps/v1";

    private readonly Lister _deployments;
    private readonly Lister _replicaSets;
    private readonly Lister _pods;

    public DeploymentController(ControllerContext context, DeploymentControllerSettings settings)
        : base(context, ControllerName, settings?.ConcurrentSyncs ?? 5)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _deployments = Watch(ResourceRef.Deployments);
        _replicaSets = Watch(ResourceRef.ReplicaSets, OnReplicaSetEvent);
        _pods = Watch(ResourceRef.Pods, OnPodEvent);
    }

    public static Props Props(ControllerContext context, DeploymentControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new DeploymentController(context, settings));

    internal static ObjectReference Reference(JsonObject deployment) =>
        new(Kind, KubeObject.Namespace(deployment), KubeObject.Name(deployment)!)
        {
            ApiVersion = ApiVersion,
            Uid = KubeObject.Uid(deployment),
            ResourceVersion = KubeObject.ResourceVersion(deployment),
        };

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_deployments.GetByKey(key) is not { } deployment)
        {
            return;
        }

        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromJson(KubeObject.Get(deployment, "spec", "selector") as JsonObject);
        }
        catch (FormatException e)
        {
            Log.Warning("{0}: Deployment {1} has an invalid selector: {2}", Name, key, e.Message);
            return;
        }

        if (selector.IsEmpty)
        {
            Recorder.Event(Reference(deployment), EventType.Warning, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.");
            return;
        }

        var replicaSets = await ClaimReplicaSetsAsync(deployment, selector, cancellationToken);
        var sync = new DeploymentSync(Client, Recorder, Clock, _pods, Log, deployment, replicaSets, cancellationToken);
        await sync.RunAsync();
        if (sync.RequeueAfter is { } after)
        {
            EnqueueAfter(key, after);
        }
    }

    /// <summary>
    /// The ReplicaSets this Deployment controls, after adopting orphans its selector matches and releasing owned ones
    /// it no longer matches (Kubernetes' ReplicaSetControllerRefManager.ClaimReplicaSets).
    /// </summary>
    private async Task<List<JsonObject>> ClaimReplicaSetsAsync(JsonObject deployment, LabelSelector selector, CancellationToken cancellationToken)
    {
        var uid = KubeObject.Uid(deployment);
        var ns = KubeObject.Namespace(deployment);
        var deleting = KubeObject.DeletionTimestamp(deployment) is not null;
        var claimed = new List<JsonObject>();
        bool? canAdopt = null;
        foreach (var rs in _replicaSets.List(ns))
        {
            var rsUid = KubeObject.Uid(rs) ?? "";
            if (ControllerRefs.UidOf(rs) is { } owner)
            {
                if (owner != uid)
                {
                    continue;
                }

                if (selector.Matches(rs))
                {
                    claimed.Add(rs);
                }
                else if (!deleting)
                {
                    await IgnoreNotFoundAsync(Client.PatchAsync(ResourceRef.ReplicaSets, ns, KubeObject.Name(rs)!, PatchType.StrategicMerge,
                        ControllerRefs.ReleasePatch(uid!, rsUid), cancellationToken: cancellationToken));
                }

                continue;
            }

            if (deleting || !selector.Matches(rs) || KubeObject.DeletionTimestamp(rs) is not null)
            {
                continue;
            }

            canAdopt ??= await CanAdoptAsync(deployment, cancellationToken);
            if (canAdopt.Value && await IgnoreNotFoundAsync(Client.PatchAsync(ResourceRef.ReplicaSets, ns, KubeObject.Name(rs)!, PatchType.StrategicMerge,
                    ControllerRefs.AdoptPatch(deployment, ApiVersion, Kind, rsUid), cancellationToken: cancellationToken)))
            {
                Log.Info("{0}: Deployment {1}/{2} adopted ReplicaSet {3}", Name, ns, KubeObject.Name(deployment), KubeObject.Name(rs));

                // Owned from now on: later steps update it and must see the owner reference.
                var adopted = rs.DeepClone().AsObject();
                KubeObject.Metadata(adopted)["ownerReferences"] = new JsonArray(ControllerRefs.New(deployment, ApiVersion, Kind));
                claimed.Add(adopted);
            }
        }

        return claimed;
    }

    private async Task<bool> CanAdoptAsync(JsonObject deployment, CancellationToken cancellationToken)
    {
        try
        {
            var fresh = await Client.GetAsync(ResourceRef.Deployments, KubeObject.Namespace(deployment), KubeObject.Name(deployment)!, cancellationToken);
            return KubeObject.Uid(fresh) == KubeObject.Uid(deployment) && KubeObject.DeletionTimestamp(fresh) is null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private static async Task<bool> IgnoreNotFoundAsync(Task call)
    {
        try
        {
            await call;
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private IEnumerable<string> OnReplicaSetEvent(InformerEvent e)
    {
        var rs = e.Object;
        if (e.Type == InformerEventType.Updated && e.OldObject is { } old)
        {
            if (KubeObject.ResourceVersion(old) == KubeObject.ResourceVersion(rs))
            {
                return [];
            }

            var keys = new List<string>();
            if (ControllerRefs.UidOf(old) != ControllerRefs.UidOf(rs))
            {
                keys.AddRange(OwnerKeys(old));
            }

            if (OwnerKey(rs) is { } owner)
            {
                keys.Add(owner);
            }
            else if (ControllerRefs.UidOf(rs) is null)
            {
                keys.AddRange(SelectingOwners.KeysOf(_deployments, rs));
            }

            return keys.Distinct(StringComparer.Ordinal);
        }

        if (OwnerKey(rs) is { } key)
        {
            return [key];
        }

        // An orphan: a Deployment whose selector matches may adopt it.
        return e.Type == InformerEventType.Added && ControllerRefs.UidOf(rs) is null ? SelectingOwners.KeysOf(_deployments, rs) : [];
    }

    // A Recreate rollout waits for the old pods to be gone: their deletion is when to look again.
    private IEnumerable<string> OnPodEvent(InformerEvent e)
    {
        if (e.Type != InformerEventType.Deleted || ControllerRefs.Of(e.Object) is not { } owner || KubeObject.GetString(owner, "kind") != "ReplicaSet"
            || _replicaSets.Get(KubeObject.Namespace(e.Object), KubeObject.GetString(owner, "name") ?? "") is not { } rs
            || OwnerKey(rs) is not { } key || _deployments.GetByKey(key) is not { } deployment || RollingUpdateLimits.IsRollingUpdate(deployment))
        {
            return [];
        }

        return [key];
    }

    private IEnumerable<string> OwnerKeys(JsonObject rs) => OwnerKey(rs) is { } key ? [key] : [];

    private string? OwnerKey(JsonObject rs)
    {
        if (ControllerRefs.Of(rs) is not { } owner || KubeObject.GetString(owner, "kind") != Kind)
        {
            return null;
        }

        var deployment = _deployments.Get(KubeObject.Namespace(rs), KubeObject.GetString(owner, "name") ?? "");
        return deployment is not null && KubeObject.Uid(deployment) == KubeObject.GetString(owner, "uid") ? ObjectKey.Of(deployment) : null;
    }
}
