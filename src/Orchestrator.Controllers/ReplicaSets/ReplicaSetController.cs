using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Selectors;

namespace Orchestrator.Controllers.ReplicaSets;

/// <summary>
/// Kubernetes' ReplicaSet controller: keeps spec.replicas active pods matching the selector, created from the
/// template and owned by the ReplicaSet; adopts orphans that match and releases owned pods that no longer do;
/// creates in slow-start batches and deletes the least valuable pods first (<see cref="PodDeletionOrder"/>);
/// waits through <see cref="ControllerExpectations"/> for its own creations and deletions to reach the cache;
/// and reports replicas, fullyLabeledReplicas, readyReplicas, availableReplicas, observedGeneration and the
/// ReplicaFailure condition through replicasets/status.
/// </summary>
public sealed class ReplicaSetController : ControllerActor
{
    public const string ControllerName = "replicaset-controller";

    public const string Kind = "ReplicaSet";
    public const string ApiVersion = "apps/v1";

    private readonly ReplicaSetControllerSettings _settings;
    private readonly ControllerExpectations _expectations;
    private readonly Lister _replicaSets;
    private readonly Lister _pods;

    // Pods whose deletion was already counted (when their deletionTimestamp appeared); touched only by the actor's event handlers.
    private readonly HashSet<string> _deletionsObserved = new(StringComparer.Ordinal);

    public ReplicaSetController(ControllerContext context, ReplicaSetControllerSettings settings)
        : base(context, ControllerName, settings?.ConcurrentSyncs ?? 5)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _expectations = new ControllerExpectations(Settings.ExpectationsTimeout, Clock);
        _replicaSets = Watch(ResourceRef.ReplicaSets, OnReplicaSetEvent);
        _pods = Watch(ResourceRef.Pods, OnPodEvent);
    }

    public static Props Props(ControllerContext context, ReplicaSetControllerSettings settings) =>
        Akka.Actor.Props.Create(() => new ReplicaSetController(context, settings));

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_replicaSets.GetByKey(key) is not { } rs)
        {
            _expectations.DeleteExpectations(key);
            return;
        }

        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromJson(KubeObject.Get(rs, "spec", "selector") as JsonObject);
        }
        catch (FormatException e)
        {
            Log.Warning("{0}: ReplicaSet {1} has an invalid selector: {2}", Name, key, e.Message);
            return;
        }

        // Read before the pods: a creation seen after this point is in the listing below.
        var needsSync = _expectations.SatisfiedExpectations(key);
        var ns = KubeObject.Namespace(rs);
        var active = _pods.List(ns).Where(PodState.IsActive).ToList();
        var owned = await ClaimPodsAsync(rs, selector, active, cancellationToken);

        ExceptionDispatchInfo? manageError = null;
        if (needsSync && KubeObject.DeletionTimestamp(rs) is null)
        {
            try
            {
                await ManageReplicasAsync(key, rs, owned, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                manageError = ExceptionDispatchInfo.Capture(e);
            }
        }

        var status = await UpdateStatusAsync(rs, owned, manageError?.SourceException, cancellationToken);
        var replicas = Replicas(rs);
        var minReadySeconds = MinReadySeconds(rs);
        if (manageError is null && minReadySeconds > 0 && status.Ready == replicas && status.Available != replicas)
        {
            // Pods become available with time alone, which no informer reports.
            EnqueueAfter(key, TimeSpan.FromSeconds(minReadySeconds));
        }

        manageError?.Throw();
    }

    /// <summary>
    /// The active pods this ReplicaSet controls after adopting matching orphans and releasing owned pods that no
    /// longer match (Kubernetes' PodControllerRefManager.ClaimPods).
    /// </summary>
    private async Task<List<JsonObject>> ClaimPodsAsync(JsonObject rs, LabelSelector selector, List<JsonObject> pods, CancellationToken cancellationToken)
    {
        var uid = KubeObject.Uid(rs);
        var ns = KubeObject.Namespace(rs);
        var deleting = KubeObject.DeletionTimestamp(rs) is not null;
        var claimed = new List<JsonObject>();
        bool? canAdopt = null;
        foreach (var pod in pods)
        {
            var podUid = KubeObject.Uid(pod) ?? "";
            if (ControllerRefs.UidOf(pod) is { } owner)
            {
                if (owner != uid)
                {
                    continue;
                }

                if (selector.Matches(pod))
                {
                    claimed.Add(pod);
                }
                else if (!deleting)
                {
                    await IgnoreNotFoundAsync(Client.PatchAsync(ResourceRef.Pods, ns, KubeObject.Name(pod)!, PatchType.StrategicMerge,
                        ControllerRefs.ReleasePatch(uid!, podUid), cancellationToken: cancellationToken));
                    Log.Info("{0}: released pod {1}/{2}, which no longer matches ReplicaSet {3}", Name, ns, KubeObject.Name(pod), KubeObject.Name(rs));
                }

                continue;
            }

            if (deleting || selector.IsEmpty || !selector.Matches(pod) || KubeObject.DeletionTimestamp(pod) is not null)
            {
                continue;
            }

            // Adopting needs a ReplicaSet that is really there and not going away, read once from the API, not the cache.
            canAdopt ??= await CanAdoptAsync(rs, cancellationToken);
            if (!canAdopt.Value)
            {
                continue;
            }

            if (await IgnoreNotFoundAsync(Client.PatchAsync(ResourceRef.Pods, ns, KubeObject.Name(pod)!, PatchType.StrategicMerge,
                    ControllerRefs.AdoptPatch(rs, ApiVersion, Kind, podUid), cancellationToken: cancellationToken)))
            {
                Log.Info("{0}: ReplicaSet {1}/{2} adopted pod {3}", Name, ns, KubeObject.Name(rs), KubeObject.Name(pod));
                claimed.Add(pod);
            }
        }

        return claimed;
    }

    private async Task<bool> CanAdoptAsync(JsonObject rs, CancellationToken cancellationToken)
    {
        try
        {
            var fresh = await Client.GetAsync(ResourceRef.ReplicaSets, KubeObject.Namespace(rs), KubeObject.Name(rs)!, cancellationToken);
            return KubeObject.Uid(fresh) == KubeObject.Uid(rs) && KubeObject.DeletionTimestamp(fresh) is null;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>Creates or deletes pods to bring the owned active pods to spec.replicas (at most BurstReplicas at once).</summary>
    private async Task ManageReplicasAsync(string key, JsonObject rs, List<JsonObject> owned, CancellationToken cancellationToken)
    {
        var diff = owned.Count - Replicas(rs);
        if (diff < 0)
        {
            var toCreate = Math.Min(-diff, _settings.BurstReplicas);

            // Expected before the first create: its Added event may arrive before the call returns.
            _expectations.ExpectCreations(key, toCreate);
            var (successes, error) = await SlowStart.RunAsync(toCreate, 1, () => CreatePodAsync(rs, cancellationToken));

            // Neither the failed creations nor those never attempted will show up in the informer.
            _expectations.LowerExpectations(key, toCreate - successes, 0);
            if (error is not null)
            {
                ExceptionDispatchInfo.Throw(error);
            }
        }
        else if (diff > 0)
        {
            var toDelete = Math.Min(diff, _settings.BurstReplicas);
            var victims = PodDeletionOrder.PodsToDelete(owned, RelatedPods(rs, owned), toDelete, Clock.GetUtcNow());
            _expectations.ExpectDeletions(key, victims.Count);
            var deletions = victims.Select(pod => DeletePodAsync(key, rs, pod, cancellationToken)).ToList();
            await Task.WhenAll(deletions);
        }
    }

    private async Task CreatePodAsync(JsonObject rs, CancellationToken cancellationToken)
    {
        var template = KubeObject.Get(rs, "spec", "template") as JsonObject ?? [];
        var metadata = new JsonObject
        {
            ["generateName"] = KubeObject.Name(rs) + "-",
            ["namespace"] = KubeObject.Namespace(rs),
            ["ownerReferences"] = new JsonArray(ControllerRefs.New(rs, ApiVersion, Kind)),
        };
        foreach (var field in (string[])["labels", "annotations", "finalizers"])
        {
            if (KubeObject.Get(template, "metadata", field) is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        try
        {
            var created = await Client.CreateAsync(ResourceRef.Pods, pod, cancellationToken);
            Recorder.Event(Reference(rs), EventType.Normal, "SuccessfulCreate", $"Created pod: {KubeObject.Name(created)}");
        }
        catch (KubeApiException e) when (IsNamespaceTerminating(e))
        {
            // Nothing can be created in a namespace going away, and there is nothing to report.
        }
        catch (KubeApiException e)
        {
            Recorder.Event(Reference(rs), EventType.Warning, "FailedCreate", $"Error creating: {e.Message}");
            throw;
        }
    }

    private async Task DeletePodAsync(string key, JsonObject rs, JsonObject pod, CancellationToken cancellationToken)
    {
        var name = KubeObject.Name(pod)!;
        try
        {
            await Client.DeleteAsync(ResourceRef.Pods, KubeObject.Namespace(pod), name, cancellationToken: cancellationToken);
            Recorder.Event(Reference(rs), EventType.Normal, "SuccessfulDelete", $"Deleted pod: {name}");
        }
        catch (KubeApiException e)
        {
            // This deletion will never be seen.
            _expectations.DeletionObserved(key);
            if (!e.IsNotFound)
            {
                Recorder.Event(Reference(rs), EventType.Warning, "FailedDelete", $"Error deleting: {e.Message}");
                throw;
            }
        }
    }

    /// <summary>The active pods of every ReplicaSet with the same controller as <paramref name="rs"/> (its Deployment's), for ranking by node.</summary>
    private List<JsonObject> RelatedPods(JsonObject rs, List<JsonObject> owned)
    {
        if (ControllerRefs.UidOf(rs) is not { } owner)
        {
            return owned;
        }

        var ns = KubeObject.Namespace(rs);
        var siblings = _replicaSets.List(ns).Where(r => ControllerRefs.UidOf(r) == owner).Select(KubeObject.Uid).ToHashSet(StringComparer.Ordinal);
        return [.. _pods.List(ns).Where(p => PodState.IsActive(p) && ControllerRefs.UidOf(p) is { } uid && siblings.Contains(uid))];
    }

    private async Task<ReplicaCounts> UpdateStatusAsync(JsonObject rs, List<JsonObject> owned, Exception? manageError, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var templateLabels = KubeObject.Get(rs, "spec", "template") is JsonObject template ? KubeObject.Labels(template) : [];
        var minReadySeconds = MinReadySeconds(rs);
        var counts = new ReplicaCounts(
            owned.Count,
            owned.Count(p => templateLabels.All(l => KubeObject.Labels(p).TryGetValue(l.Key, out var v) && v == l.Value)),
            owned.Count(PodState.IsReady),
            owned.Count(p => PodState.IsAvailable(p, minReadySeconds, now)));

        var oldStatus = rs["status"] as JsonObject ?? [];
        var conditions = ReplicaSetConditions.Next(oldStatus, owned.Count - Replicas(rs), manageError, now);
        var generation = KubeObject.GetInt64(rs, "metadata", "generation") ?? 0;
        var status = new JsonObject
        {
            ["replicas"] = counts.Replicas,
            ["fullyLabeledReplicas"] = OmitZero(counts.FullyLabeled),
            ["readyReplicas"] = OmitZero(counts.Ready),
            ["availableReplicas"] = OmitZero(counts.Available),
            ["observedGeneration"] = OmitZero(generation),
            ["conditions"] = conditions,
        };
        if (!StatusDiffers(oldStatus, status))
        {
            return counts;
        }

        // A merge patch of the whole status: no conflict with other writers of the ReplicaSet, and a null removes a field.
        await Client.PatchAsync(ResourceRef.ReplicaSets, KubeObject.Namespace(rs), KubeObject.Name(rs)!, PatchType.Merge,
            new JsonObject { ["status"] = status }, "status", cancellationToken);
        return counts;
    }

    private static bool StatusDiffers(JsonObject old, JsonObject wanted) =>
        wanted.Any(field => !JsonNode.DeepEquals(old[field.Key], field.Value));

    private static JsonValue? OmitZero(long value) => value == 0 ? null : JsonValue.Create(value);

    private static ObjectReference Reference(JsonObject rs) =>
        new(Kind, KubeObject.Namespace(rs), KubeObject.Name(rs)!)
        {
            ApiVersion = ApiVersion,
            Uid = KubeObject.Uid(rs),
            ResourceVersion = KubeObject.ResourceVersion(rs),
        };

    internal static int Replicas(JsonObject rs) => (int)(KubeObject.GetInt64(rs, "spec", "replicas") ?? 1);

    internal static long MinReadySeconds(JsonObject rs) => KubeObject.GetInt64(rs, "spec", "minReadySeconds") ?? 0;

    // Kubernetes marks the refusal with the NamespaceTerminating cause; the message says the same.
    private static bool IsNamespaceTerminating(KubeApiException e) =>
        e.StatusCode == System.Net.HttpStatusCode.Forbidden
        && ((e.ResponseBody?.Contains("NamespaceTerminating", StringComparison.Ordinal) ?? false)
            || e.Message.Contains("because it is being terminated", StringComparison.Ordinal));

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
        var key = ObjectKey.Of(e.Object);
        if (e.Type == InformerEventType.Deleted)
        {
            _expectations.DeleteExpectations(key);
        }

        return [key];
    }

    private IEnumerable<string> OnPodEvent(InformerEvent e)
    {
        var pod = e.Object;
        var uid = KubeObject.Uid(pod) ?? "";
        switch (e.Type)
        {
            case InformerEventType.Added when KubeObject.DeletionTimestamp(pod) is not null:
                // Seen for the first time already being deleted (a restart mid-deletion): that is a deletion.
                _deletionsObserved.Add(uid);
                return ObserveDeletion(pod);
            case InformerEventType.Added:
                if (OwnerKey(pod) is { } ownerKey)
                {
                    _expectations.CreationObserved(ownerKey);
                    return [ownerKey];
                }

                return SelectingOwners.KeysOf(_replicaSets, pod);
            case InformerEventType.Deleted:
                return _deletionsObserved.Remove(uid) ? OwnerKeys(pod) : ObserveDeletion(pod);
            default:
                return OnPodUpdated(e.OldObject ?? pod, pod, uid);
        }
    }

    private IEnumerable<string> OnPodUpdated(JsonObject old, JsonObject pod, string uid)
    {
        // A periodic resync: nothing changed.
        if (KubeObject.ResourceVersion(old) == KubeObject.ResourceVersion(pod))
        {
            return [];
        }

        var keys = new List<string>();
        var labelsChanged = !JsonNode.DeepEquals(KubeObject.Get(old, "metadata", "labels"), KubeObject.Get(pod, "metadata", "labels"));
        if (KubeObject.DeletionTimestamp(pod) is not null)
        {
            // A graceful deletion shows first as a deletionTimestamp: that is when the ReplicaSet may replace the pod.
            if (_deletionsObserved.Add(uid))
            {
                keys.AddRange(ObserveDeletion(pod));
            }

            keys.AddRange(OwnerKeys(pod));
            if (labelsChanged)
            {
                keys.AddRange(OwnerKeys(old));
            }

            return keys.Distinct(StringComparer.Ordinal);
        }

        var oldOwner = ControllerRefs.UidOf(old);
        var newOwner = ControllerRefs.UidOf(pod);
        if (oldOwner != newOwner)
        {
            keys.AddRange(OwnerKeys(old));
        }

        if (OwnerKey(pod) is { } ownerKey)
        {
            keys.Add(ownerKey);
            if (!PodState.IsReady(old) && PodState.IsReady(pod) && _replicaSets.GetByKey(ownerKey) is { } rs && MinReadySeconds(rs) > 0)
            {
                // Available minReadySeconds after it became ready: look again then (Kubernetes adds a second).
                EnqueueAfter(ownerKey, TimeSpan.FromSeconds(MinReadySeconds(rs) + 1));
            }
        }
        else if (newOwner is null && (labelsChanged || oldOwner != newOwner))
        {
            keys.AddRange(SelectingOwners.KeysOf(_replicaSets, pod));
        }

        return keys.Distinct(StringComparer.Ordinal);
    }

    private IEnumerable<string> ObserveDeletion(JsonObject pod)
    {
        if (OwnerKey(pod) is not { } ownerKey)
        {
            return [];
        }

        _expectations.DeletionObserved(ownerKey);
        return [ownerKey];
    }

    private IEnumerable<string> OwnerKeys(JsonObject pod) => OwnerKey(pod) is { } key ? [key] : [];

    /// <summary>The key of the ReplicaSet controlling the pod, if it is one this informer knows (name and uid).</summary>
    private string? OwnerKey(JsonObject pod)
    {
        if (ControllerRefs.Of(pod) is not { } owner || KubeObject.GetString(owner, "kind") != Kind)
        {
            return null;
        }

        var ns = KubeObject.Namespace(pod);
        var rs = _replicaSets.Get(ns, KubeObject.GetString(owner, "name") ?? "");
        return rs is not null && KubeObject.Uid(rs) == KubeObject.GetString(owner, "uid") ? ObjectKey.Of(rs) : null;
    }

    private readonly record struct ReplicaCounts(int Replicas, int FullyLabeled, int Ready, int Available);
}
