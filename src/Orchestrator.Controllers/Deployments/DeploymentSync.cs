using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Controllers.Pods;
using Orchestrator.Controllers.ReplicaSets;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.Deployments;

/// <summary>
/// One sync of one Deployment (Kubernetes' syncDeployment and what it calls): a private copy of the Deployment and
/// of its ReplicaSets, kept current as this sync writes them, so each step sees the previous steps' results.
/// This part finds or creates the new ReplicaSet, keeps revisions, scales (proportionally across ReplicaSets while
/// a rollout is under way) and cleans up old ReplicaSets; the rollouts and the status are in the other parts.
/// </summary>
internal sealed partial class DeploymentSync
{
    private readonly IKubeClient _client;
    private readonly EventRecorder _recorder;
    private readonly TimeProvider _clock;
    private readonly Lister _pods;
    private readonly ILoggingAdapter _log;
    private readonly CancellationToken _cancellationToken;
    private readonly JsonObject _d;
    private readonly List<JsonObject> _replicaSets;
    private bool _revisionChanged;

    public DeploymentSync(IKubeClient client, EventRecorder recorder, TimeProvider clock, Lister pods, ILoggingAdapter log,
        JsonObject deployment, IEnumerable<JsonObject> replicaSets, CancellationToken cancellationToken)
    {
        _client = client;
        _recorder = recorder;
        _clock = clock;
        _pods = pods;
        _log = log;
        _cancellationToken = cancellationToken;
        _d = deployment.DeepClone().AsObject();
        _replicaSets = [.. replicaSets.Select(rs => rs.DeepClone().AsObject())];
        if (_d["status"] is not JsonObject)
        {
            _d["status"] = new JsonObject();
        }
    }

    /// <summary>When to look at the Deployment again though nothing changes (its progress deadline), or null.</summary>
    public TimeSpan? RequeueAfter { get; private set; }

    private string Namespace => KubeObject.Namespace(_d)!;

    private string Name => KubeObject.Name(_d)!;

    private JsonObject Status => (JsonObject)_d["status"]!;

    private int Replicas => RollingUpdateLimits.Replicas(_d);

    private bool Paused => KubeObject.Get(_d, "spec", "paused") is JsonValue v && v.TryGetValue<bool>(out var paused) && paused;

    public async Task RunAsync()
    {
        if (KubeObject.DeletionTimestamp(_d) is not null)
        {
            await GetAllReplicaSetsAndSyncRevisionAsync(createIfNotExisted: false);
            await SyncDeploymentStatusAsync();
            return;
        }

        await CheckPausedConditionsAsync();
        if (Paused || await IsScalingEventAsync())
        {
            await SyncAsync();
            return;
        }

        if (RollingUpdateLimits.IsRollingUpdate(_d))
        {
            await RolloutRollingAsync();
        }
        else
        {
            await RolloutRecreateAsync();
        }
    }

    /// <summary>Scaling without rolling out (a paused Deployment, or spec.replicas changed): Kubernetes' sync.</summary>
    private async Task SyncAsync()
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(createIfNotExisted: false);
        await ScaleAsync(newRs, oldRss);
        if (Paused)
        {
            await CleanupAsync(OldReplicaSets(newRs));
        }

        await SyncDeploymentStatusAsync();
    }

    /// <summary>The ReplicaSets' desired-replicas annotation differs from spec.replicas: the Deployment was scaled.</summary>
    private async Task<bool> IsScalingEventAsync()
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(createIfNotExisted: false);
        return Active(All(newRs, oldRss)).Any(rs => DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.DesiredReplicas) is { } desired && desired != Replicas);
    }

    /// <summary>The new ReplicaSet (whose template is the Deployment's), created when asked and absent, and the old ones.</summary>
    private async Task<(JsonObject? New, List<JsonObject> Old)> GetAllReplicaSetsAndSyncRevisionAsync(bool createIfNotExisted)
    {
        var existing = FindNewReplicaSet();
        var old = OldReplicaSets(existing);
        var newRs = await GetNewReplicaSetAsync(existing, old, createIfNotExisted);
        return (newRs, OldReplicaSets(newRs));
    }

    private JsonObject? FindNewReplicaSet()
    {
        var template = KubeObject.Get(_d, "spec", "template") as JsonObject;
        return ByCreation(_replicaSets).FirstOrDefault(rs => PodTemplateHash.EqualIgnoreHash(KubeObject.Get(rs, "spec", "template") as JsonObject, template));
    }

    private List<JsonObject> OldReplicaSets(JsonObject? newRs) =>
        [.. _replicaSets.Where(rs => newRs is null || KubeObject.Uid(rs) != KubeObject.Uid(newRs))];

    private async Task<JsonObject?> GetNewReplicaSetAsync(JsonObject? existing, List<JsonObject> old, bool createIfNotExisted)
    {
        var newRevision = (old.Count == 0 ? 0 : old.Max(DeploymentAnnotations.RevisionOf)) + 1;
        if (existing is not null)
        {
            var copy = existing.DeepClone().AsObject();
            var annotationsChanged = DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, copy, newRevision, exists: true);
            var minReadySeconds = KubeObject.GetInt64(_d, "spec", "minReadySeconds") ?? 0;
            var minReadyChanged = ReplicaSetController.MinReadySeconds(copy) != minReadySeconds;
            if (annotationsChanged || minReadyChanged)
            {
                KubeObject.EnsureObject(copy, "spec")["minReadySeconds"] = minReadySeconds;
                existing = await UpdateReplicaSetAsync(copy);
            }

            var needsUpdate = SetDeploymentRevision(KubeObject.Annotations(existing).GetValueOrDefault(DeploymentAnnotations.Revision) ?? "");
            if (HasProgressDeadline && DeploymentConditions.Get(Status, DeploymentConditions.Progressing) is null)
            {
                DeploymentConditions.Set(Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                    DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{KubeObject.Name(existing)}\"", _clock.GetUtcNow()));
                needsUpdate = true;
            }

            if (needsUpdate)
            {
                await WriteStatusAsync();
            }

            return existing;
        }

        if (!createIfNotExisted)
        {
            return null;
        }

        return await CreateNewReplicaSetAsync(old, newRevision);
    }

    private async Task<JsonObject?> CreateNewReplicaSetAsync(List<JsonObject> old, long newRevision)
    {
        var collisionCount = KubeObject.GetInt64(_d, "status", "collisionCount");
        var template = PodTemplateHash.WithoutHash(KubeObject.Get(_d, "spec", "template") as JsonObject);
        var hash = PodTemplateHash.Compute(template, collisionCount);
        KubeObject.EnsureObject(template, "metadata", "labels")[PodTemplateHash.Label] = hash;
        var selector = (KubeObject.Get(_d, "spec", "selector") as JsonObject)?.DeepClone().AsObject() ?? [];
        KubeObject.EnsureObject(selector, "matchLabels")[PodTemplateHash.Label] = hash;
        var name = $"{Name}-{hash}";
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Namespace,
                ["ownerReferences"] = new JsonArray(ControllerRefs.New(_d, DeploymentController.ApiVersion, DeploymentController.Kind)),
                ["labels"] = template["metadata"]!["labels"]!.DeepClone(),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0L,
                ["minReadySeconds"] = KubeObject.GetInt64(_d, "spec", "minReadySeconds") ?? 0,
                ["selector"] = selector,
                ["template"] = template,
            },
        };
        var replicas = NewReplicaSetReplicas([.. old, rs], rs);
        rs["spec"]!["replicas"] = (long)replicas;
        DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, rs, newRevision, exists: false);

        JsonObject created;
        var alreadyExists = false;
        try
        {
            created = await _client.CreateAsync(ResourceRef.ReplicaSets, rs, _cancellationToken);
        }
        catch (KubeApiException e) when (e.IsAlreadyExists)
        {
            // The cache may not show a ReplicaSet this Deployment made; one with another template is a hash collision.
            var found = await _client.GetAsync(ResourceRef.ReplicaSets, Namespace, name, _cancellationToken);
            if (ControllerRefs.UidOf(found) == KubeObject.Uid(_d)
                && PodTemplateHash.EqualIgnoreHash(KubeObject.Get(found, "spec", "template") as JsonObject, KubeObject.Get(_d, "spec", "template") as JsonObject))
            {
                created = found;
                alreadyExists = true;
            }
            else
            {
                Status["collisionCount"] = (collisionCount ?? 0) + 1;
                await WriteStatusAsync();
                throw new InvalidOperationException($"hash collision for ReplicaSet {name}: the collision count is now {(collisionCount ?? 0) + 1}", e);
            }
        }
        catch (KubeApiException e) when (!e.IsNotFound)
        {
            var message = $"Failed to create new replica set \"{name}\": {e.Message}";
            if (HasProgressDeadline)
            {
                DeploymentConditions.Set(Status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.FailedReplicaSetCreate, message, _clock.GetUtcNow()));
                await WriteStatusAsync();
            }

            _recorder.Event(DeploymentController.Reference(_d), EventType.Warning, "FailedCreate", message);
            throw;
        }

        if (!alreadyExists)
        {
            _replicaSets.Add(created);
            if (replicas > 0)
            {
                _recorder.Event(DeploymentController.Reference(_d), EventType.Normal, "ScalingReplicaSet", $"Scaled up replica set {name} from 0 to {replicas}");
            }
        }
        else
        {
            Replace(created);
        }

        var needsUpdate = SetDeploymentRevision(newRevision.ToString(CultureInfo.InvariantCulture));
        if (!alreadyExists && HasProgressDeadline)
        {
            DeploymentConditions.Set(Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True",
                DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{name}\"", _clock.GetUtcNow()));
            needsUpdate = true;
        }

        if (needsUpdate)
        {
            await WriteStatusAsync();
        }

        return created;
    }

    /// <summary>How many replicas the new ReplicaSet may have now (NewRSNewReplicas): up to the surge for a rolling update, all for Recreate.</summary>
    private int NewReplicaSetReplicas(IEnumerable<JsonObject> all, JsonObject newRs)
    {
        var current = ReplicaSetController.Replicas(newRs);
        if (!RollingUpdateLimits.IsRollingUpdate(_d))
        {
            return Replicas;
        }

        // A ReplicaSet scaled down a moment ago may still have the pods it is deleting: each counts for as many pods as
        // it wants or still reports, whichever is more (a guard Kubernetes, which sums spec.replicas, does not have),
        // so that new pods never take the total beyond maxSurge.
        var maxTotal = Replicas + RollingUpdateLimits.MaxSurge(_d);
        var podCount = all.Sum(rs => Math.Max(SpecReplicas(rs), StatusOf(rs, "replicas")));
        if (podCount >= maxTotal)
        {
            return current;
        }

        return current + Math.Min(maxTotal - podCount, Replicas - current);
    }

    /// <summary>Sets the Deployment's revision annotation; true when it changed.</summary>
    private bool SetDeploymentRevision(string revision)
    {
        var annotations = KubeObject.EnsureObject(_d, "metadata", "annotations");
        if (annotations[DeploymentAnnotations.Revision]?.GetValue<string>() == revision)
        {
            return false;
        }

        annotations[DeploymentAnnotations.Revision] = revision;
        _revisionChanged = true;
        return true;
    }

    /// <summary>
    /// Scales for a changed spec.replicas (Kubernetes' scale): the one active ReplicaSet takes it all; otherwise, during
    /// a rolling update, the difference is spread over the ReplicaSets in proportion to their size.
    /// </summary>
    private async Task ScaleAsync(JsonObject? newRs, List<JsonObject> oldRss)
    {
        if (ActiveOrLatest(newRs, oldRss) is { } single)
        {
            if (SpecReplicas(single) != Replicas)
            {
                await ScaleReplicaSetAndRecordEventAsync(single, Replicas);
            }

            return;
        }

        if (IsSaturated(newRs))
        {
            foreach (var old in Active(oldRss))
            {
                await ScaleReplicaSetAndRecordEventAsync(old, 0);
            }

            return;
        }

        if (!RollingUpdateLimits.IsRollingUpdate(_d))
        {
            return;
        }

        var all = Active(All(newRs, oldRss));
        var allowed = Replicas > 0 ? Replicas + RollingUpdateLimits.MaxSurge(_d) : 0;
        var toAdd = allowed - all.Sum(SpecReplicas);

        // Scaling up favours the larger and newer ReplicaSets, scaling down the larger and older.
        all = toAdd > 0
            ? [.. all.OrderByDescending(SpecReplicas).ThenByDescending(Created)]
            : [.. all.OrderByDescending(SpecReplicas).ThenBy(Created)];
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var added = 0;
        foreach (var rs in all)
        {
            var proportion = toAdd != 0 ? Proportion(rs, toAdd, added) : 0;
            sizes[KubeObject.Name(rs)!] = SpecReplicas(rs) + proportion;
            added += proportion;
        }

        if (toAdd != 0 && all.Count > 0)
        {
            var first = KubeObject.Name(all[0])!;
            sizes[first] = Math.Max(0, sizes[first] + toAdd - added);
        }

        foreach (var rs in all)
        {
            await ScaleReplicaSetAsync(rs, sizes[KubeObject.Name(rs)!], SpecReplicas(rs) < sizes[KubeObject.Name(rs)!] ? "up" : "down");
        }
    }

    // GetProportion: the ReplicaSet's share of the change, from its size against the Deployment's size when it was last scaled.
    private int Proportion(JsonObject rs, int toAdd, int added)
    {
        if (SpecReplicas(rs) == 0 || toAdd == added)
        {
            return 0;
        }

        int fraction;
        if (Replicas == 0)
        {
            fraction = -SpecReplicas(rs);
        }
        else
        {
            var deploymentReplicas = Replicas + RollingUpdateLimits.MaxSurge(_d);
            var annotated = DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.MaxReplicas) ?? (int)(KubeObject.GetInt64(Status, "replicas") ?? 0);
            fraction = annotated == 0 ? 0 : (int)Math.Round((double)SpecReplicas(rs) * deploymentReplicas / annotated, MidpointRounding.AwayFromZero) - SpecReplicas(rs);
        }

        var allowed = toAdd - added;
        return toAdd > 0 ? Math.Min(fraction, allowed) : Math.Max(fraction, allowed);
    }

    private JsonObject? ActiveOrLatest(JsonObject? newRs, List<JsonObject> oldRss)
    {
        if (newRs is null && oldRss.Count == 0)
        {
            return null;
        }

        var newestFirst = oldRss.OrderByDescending(Created).ThenBy(KubeObject.Name, StringComparer.Ordinal).ToList();
        var active = Active(All(newRs, newestFirst));
        return active.Count switch
        {
            0 => newRs ?? newestFirst[0],
            1 => active[0],
            _ => null,
        };
    }

    private bool IsSaturated(JsonObject? rs) =>
        rs is not null
        && DeploymentAnnotations.IntAnnotation(rs, DeploymentAnnotations.DesiredReplicas) == Replicas
        && SpecReplicas(rs) == Replicas
        && StatusOf(rs, "availableReplicas") == Replicas;

    private Task<JsonObject> ScaleReplicaSetAndRecordEventAsync(JsonObject rs, int newScale) =>
        SpecReplicas(rs) == newScale ? Task.FromResult(rs) : ScaleReplicaSetAsync(rs, newScale, SpecReplicas(rs) < newScale ? "up" : "down");

    /// <summary>Sets the ReplicaSet's replicas and replica annotations; records ScalingReplicaSet when the size changed.</summary>
    private async Task<JsonObject> ScaleReplicaSetAsync(JsonObject rs, int newScale, string operation)
    {
        rs = Current(rs);
        var oldScale = SpecReplicas(rs);
        var max = Replicas + RollingUpdateLimits.MaxSurge(_d);
        if (oldScale == newScale && !DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(rs, Replicas, max))
        {
            return rs;
        }

        var copy = rs.DeepClone().AsObject();
        KubeObject.EnsureObject(copy, "spec")["replicas"] = (long)newScale;
        DeploymentAnnotations.SetReplicasAnnotations(copy, Replicas, max);
        var updated = await UpdateReplicaSetAsync(copy);
        if (oldScale != newScale)
        {
            _recorder.Event(DeploymentController.Reference(_d), EventType.Normal, "ScalingReplicaSet",
                $"Scaled {operation} replica set {KubeObject.Name(rs)} from {oldScale} to {newScale}");
        }

        return updated;
    }

    private async Task<JsonObject> UpdateReplicaSetAsync(JsonObject rs)
    {
        var updated = await _client.UpdateAsync(ResourceRef.ReplicaSets, rs, _cancellationToken);
        Replace(updated);
        return updated;
    }

    /// <summary>
    /// Deletes the oldest ReplicaSets beyond spec.revisionHistoryLimit that are scaled to zero and settled
    /// (Kubernetes' cleanupDeployment).
    /// </summary>
    private async Task CleanupAsync(List<JsonObject> oldRss)
    {
        if (KubeObject.GetInt64(_d, "spec", "revisionHistoryLimit") is not { } limit)
        {
            return;
        }

        var cleanable = oldRss.Select(Current).Where(rs => KubeObject.DeletionTimestamp(rs) is null).ToList();
        var diff = cleanable.Count - (int)limit;
        if (diff <= 0)
        {
            return;
        }

        foreach (var rs in cleanable.OrderBy(DeploymentAnnotations.RevisionOf).ThenBy(Created).Take(diff))
        {
            if (StatusOf(rs, "replicas") != 0 || SpecReplicas(rs) != 0
                || (KubeObject.GetInt64(rs, "metadata", "generation") ?? 0) > StatusOf(rs, "observedGeneration"))
            {
                continue;
            }

            try
            {
                await _client.DeleteAsync(ResourceRef.ReplicaSets, Namespace, KubeObject.Name(rs)!, cancellationToken: _cancellationToken);
                _replicaSets.RemoveAll(r => KubeObject.Uid(r) == KubeObject.Uid(rs));
                _log.Info("deployment-controller: deleted old ReplicaSet {0}/{1} beyond the revision history limit", Namespace, KubeObject.Name(rs));
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                // Already gone.
            }
        }
    }

    private bool HasProgressDeadline =>
        KubeObject.GetInt64(_d, "spec", "progressDeadlineSeconds") is { } seconds && seconds != int.MaxValue;

    private JsonObject Current(JsonObject rs) => _replicaSets.FirstOrDefault(r => KubeObject.Uid(r) == KubeObject.Uid(rs)) ?? rs;

    private void Replace(JsonObject rs)
    {
        var index = _replicaSets.FindIndex(r => KubeObject.Uid(r) == KubeObject.Uid(rs));
        if (index >= 0)
        {
            _replicaSets[index] = rs;
        }
        else
        {
            _replicaSets.Add(rs);
        }
    }

    private List<JsonObject> All(JsonObject? newRs, IEnumerable<JsonObject> oldRss) =>
        [.. (newRs is null ? oldRss : oldRss.Append(newRs)).Select(Current)];

    private static List<JsonObject> Active(IEnumerable<JsonObject> rss) => [.. rss.Where(rs => SpecReplicas(rs) > 0)];

    private static IEnumerable<JsonObject> ByCreation(IEnumerable<JsonObject> rss) =>
        rss.OrderBy(Created).ThenBy(KubeObject.Name, StringComparer.Ordinal);

    private static DateTimeOffset Created(JsonObject obj) =>
        Timestamps.Parse(KubeObject.GetString(obj, "metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;

    internal static int SpecReplicas(JsonObject rs) => ReplicaSetController.Replicas(rs);

    internal static int StatusOf(JsonObject rs, string field) => (int)(KubeObject.GetInt64(rs, "status", field) ?? 0);
}
