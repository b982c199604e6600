using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Controllers.Jobs;
using Orchestrator.Controllers.Machinery;
using Orchestrator.Controllers.NodeLifecycle;
using Orchestrator.Controllers.Ownership;
using Orchestrator.Controllers.Pods;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.DaemonSets;

/// <summary>
/// Kubernetes' DaemonSet controller: one pod of the template on every node it should run on (nodeSelector,
/// required node affinity, taints against the template's tolerations plus the daemon ones), created pinned to
/// its node by a metadata.name node affinity for the scheduler to bind, removed from nodes that no longer
/// qualify (an untolerated NoSchedule taint lets a running pod stay) and from nodes that are gone; failed pods
/// are replaced. A RollingUpdate replaces old pods node by node, never leaving more than maxUnavailable of
/// the nodes without an available pod. Status: desired, current, misscheduled, ready, available, unavailable
/// and updated counts, observedGeneration.
/// </summary>
public sealed class DaemonSetController : ControllerActor
{
    public const string ControllerName = "daemonset-controller";

    private const int MaxBurst = 250;

    private readonly Lister _daemonSets;
    private readonly Lister _pods;
    private readonly Lister _nodes;
    private readonly Lister _revisions;
    private readonly ControllerExpectations _expectations;
    private readonly PodControl _podControl;

    public DaemonSetController(ControllerContext context, int workers = 2)
        : base(context, ControllerName, workers)
    {
        _expectations = new ControllerExpectations(context.Settings.ExpectationsTimeout, Clock);
        _podControl = new PodControl(Client, Recorder, _expectations);
        _daemonSets = Watch(ResourceRef.DaemonSets, e =>
        {
            if (e.Type == InformerEventType.Deleted)
            {
                _expectations.DeleteExpectations(ObjectKey.Of(e.Object));
            }

            return [ObjectKey.Of(e.Object)];
        });
        _pods = Watch(ResourceRef.Pods, OnPodEvent);
        _nodes = Watch(ResourceRef.Nodes, e =>
            e.Type != InformerEventType.Updated || e.OldObject is not { } old || SchedulingFacts(old) != SchedulingFacts(e.Object)
                ? _daemonSets.ListKeys()
                : []);
        _revisions = Watch(ResourceRef.ControllerRevisions, e => ControllerRefs.KeyOf(e.Object, "DaemonSet") is { } owner ? [owner] : []);
    }

    public static Props Props(ControllerContext context, int workers) => Akka.Actor.Props.Create(() => new DaemonSetController(context, workers));

    private IEnumerable<string> OnPodEvent(InformerEvent e)
    {
        if (ControllerRefs.KeyOf(e.Object, "DaemonSet") is not { } owner)
        {
            return [];
        }

        switch (e.Type)
        {
            case InformerEventType.Added when !e.IsInInitialList:
                _expectations.CreationObserved(owner);
                break;
            case InformerEventType.Updated when KubeObject.DeletionTimestamp(e.Object) is not null && e.OldObject is { } old && KubeObject.DeletionTimestamp(old) is null:
                _expectations.DeletionObserved(owner);
                break;
            case InformerEventType.Deleted when KubeObject.DeletionTimestamp(e.Object) is null:
                _expectations.DeletionObserved(owner);
                break;
        }

        return [owner];
    }

    protected override async Task ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (_daemonSets.GetByKey(key) is not { } ds || KubeObject.DeletionTimestamp(ds) is not null)
        {
            return;
        }

        var now = Clock.GetUtcNow();
        var hash = DaemonPods.TemplateHash(ds);
        var generation = KubeObject.Annotations(ds).GetValueOrDefault(DaemonPods.TemplateGenerationAnnotation);
        var podSpec = DaemonPods.SpecWithTolerations(ds);
        var minReady = TimeSpan.FromSeconds(KubeObject.GetInt64(ds, "spec", "minReadySeconds") ?? 0);
        var nodes = _nodes.List();
        var pods = _pods.List(KubeObject.Namespace(ds)).Where(p => ControllerRefs.IsControlledBy(p, ds) && KubeObject.DeletionTimestamp(p) is null).ToList();
        var byNode = pods.GroupBy(p => DaemonPods.TargetNode(p) ?? "").ToDictionary(g => g.Key, g => g.OrderBy(Created).ToList(), StringComparer.Ordinal);
        var plans = nodes.Select(n => (Node: n, Name: KubeObject.Name(n)!, Run: DaemonPods.ShouldRun(ds, podSpec, n))).ToList();

        await DaemonHistory.SyncAsync(Client, ds, hash, _revisions.List(KubeObject.Namespace(ds)), pods, cancellationToken);
        if (_expectations.SatisfiedExpectations(key))
        {
            var changed = await ManageAsync(key, ds, podSpec, hash, generation, plans, byNode, cancellationToken);
            if (!changed && KubeObject.GetString(ds, "spec", "updateStrategy", "type") == "RollingUpdate")
            {
                await RollingUpdateAsync(key, ds, hash, generation, minReady, plans, byNode, now, cancellationToken);
            }
        }

        await UpdateStatusAsync(key, ds, hash, generation, minReady, plans, byNode, now, cancellationToken);
    }

    /// <summary>Creates the missing pods and deletes the ones that should not be there; true when it changed anything.</summary>
    private async Task<bool> ManageAsync(
        string key, JsonObject ds, JsonObject podSpec, string hash, string? generation,
        List<(JsonObject Node, string Name, (bool ShouldRun, bool ShouldContinueRunning) Run)> plans, Dictionary<string, List<JsonObject>> byNode,
        CancellationToken cancellationToken)
    {
        var create = new List<string>();
        var delete = new List<JsonObject>();
        foreach (var (_, name, (shouldRun, shouldContinue)) in plans)
        {
            var onNode = byNode.GetValueOrDefault(name) ?? [];
            if (shouldRun && onNode.Count == 0)
            {
                create.Add(name);
            }
            else if (shouldContinue)
            {
                foreach (var failed in onNode.Where(PodStates.Failed))
                {
                    Recorder.Event(ds, EventType.Warning, "FailedDaemonPod", $"Found failed daemon pod {KubeObject.Namespace(failed)}/{KubeObject.Name(failed)} on node {name}, will try to kill it");
                    delete.Add(failed);
                }

                // One daemon pod a node: the oldest stays.
                delete.AddRange(onNode.Where(p => !PodStates.Failed(p)).Skip(1));
            }
            else
            {
                delete.AddRange(onNode);
            }
        }

        // Pods of nodes that are gone.
        var existing = plans.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        delete.AddRange(byNode.Where(kv => !existing.Contains(kv.Key)).SelectMany(kv => kv.Value));

        if (create.Count == 0 && delete.Count == 0)
        {
            return false;
        }

        create = [.. create.Take(MaxBurst)];
        _expectations.SetExpectations(key, create.Count, delete.Count);
        await DeletePodsAsync(key, ds, delete, cancellationToken);

        // Slow start: 1, 2, 4, … at once, stopping at a batch with a failure.
        var batch = 1;
        for (var done = 0; done < create.Count; batch *= 2)
        {
            var names = create.Skip(done).Take(batch).ToList();
            done += names.Count;
            var results = await Task.WhenAll(names.Select(node => CreatePodAsync(key, ds, podSpec, node, hash, generation, cancellationToken)));
            if (results.Any(ok => !ok))
            {
                _expectations.LowerExpectations(key, create.Count - done, 0);
                throw new InvalidOperationException($"could not create every daemon pod of {key}");
            }
        }

        return true;
    }

    /// <summary>Deletes old pods while at most maxUnavailable of the nodes lack an available pod (maxSurge 0).</summary>
    private async Task RollingUpdateAsync(
        string key, JsonObject ds, string hash, string? generation, TimeSpan minReady,
        List<(JsonObject Node, string Name, (bool ShouldRun, bool ShouldContinueRunning) Run)> plans, Dictionary<string, List<JsonObject>> byNode,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var desired = plans.Where(p => p.Run.ShouldRun).ToList();
        var maxUnavailable = Resolve(KubeObject.Get(ds, "spec", "updateStrategy", "rollingUpdate", "maxUnavailable"), desired.Count);
        var unavailable = 0;
        var replaceNow = new List<JsonObject>();
        var candidates = new List<JsonObject>();
        foreach (var (_, name, _) in desired)
        {
            var onNode = byNode.GetValueOrDefault(name) ?? [];
            if (onNode.Count == 0)
            {
                unavailable++;
            }
            else if (onNode.FirstOrDefault(p => IsUpdated(p, hash, generation)) is { } updated)
            {
                if (!Available(updated, minReady, now))
                {
                    unavailable++;
                }
            }
            else if (!Available(onNode[0], minReady, now))
            {
                // Already unavailable: replacing it costs nothing.
                unavailable++;
                replaceNow.Add(onNode[0]);
            }
            else
            {
                candidates.Add(onNode[0]);
            }
        }

        var delete = replaceNow.Concat(candidates.Take(Math.Max(0, maxUnavailable - unavailable))).ToList();
        if (delete.Count == 0)
        {
            return;
        }

        Log.Info("daemon set {0}: replacing {1} old pods, {2} of {3} nodes unavailable (max {4})", key, delete.Count, unavailable, desired.Count, maxUnavailable);
        _expectations.ExpectDeletions(key, delete.Count);
        await DeletePodsAsync(key, ds, delete, cancellationToken);
    }

    private async Task UpdateStatusAsync(
        string key, JsonObject ds, string hash, string? generation, TimeSpan minReady,
        List<(JsonObject Node, string Name, (bool ShouldRun, bool ShouldContinueRunning) Run)> plans, Dictionary<string, List<JsonObject>> byNode,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        long desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        TimeSpan? recheck = null;
        foreach (var (_, name, (shouldRun, _)) in plans)
        {
            var onNode = byNode.GetValueOrDefault(name) ?? [];
            if (!shouldRun)
            {
                misscheduled += onNode.Count > 0 ? 1 : 0;
                continue;
            }

            desired++;
            if (onNode.Count == 0)
            {
                continue;
            }

            current++;
            var pod = onNode[0];
            if (PodStates.Ready(pod))
            {
                ready++;
                if (Available(pod, minReady, now))
                {
                    available++;
                }
                else if (ReadySince(pod) is { } since)
                {
                    var left = since + minReady - now;
                    recheck = recheck is null || left < recheck ? left : recheck;
                }
            }

            if (IsUpdated(pod, hash, generation))
            {
                updated++;
            }
        }

        var status = (ds["status"] as JsonObject)?.DeepClone().AsObject() ?? [];
        status["observedGeneration"] = KubeObject.GetInt64(ds, "metadata", "generation") ?? 0;
        status["desiredNumberScheduled"] = desired;
        status["currentNumberScheduled"] = current;
        status["numberMisscheduled"] = misscheduled;
        status["numberReady"] = ready;
        status["numberAvailable"] = available;
        status["numberUnavailable"] = desired - available;
        status["updatedNumberScheduled"] = updated;
        if (!JsonNode.DeepEquals(status, ds["status"]))
        {
            var copy = ds.DeepClone().AsObject();
            copy["status"] = status;
            await Client.UpdateStatusAsync(ResourceRef.DaemonSets, copy, cancellationToken);
        }

        if (recheck is { } wait)
        {
            // A pod becomes available minReadySeconds after it became ready: count it then.
            EnqueueAfter(key, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    private Task<bool> CreatePodAsync(string key, JsonObject ds, JsonObject podSpec, string node, string hash, string? generation, CancellationToken cancellationToken) =>
        _podControl.CreateAsync(key, ds, DaemonPods.NewPod(ds, podSpec, node, hash, generation), cancellationToken);

    private Task DeletePodsAsync(string key, JsonObject ds, List<JsonObject> pods, CancellationToken cancellationToken) =>
        _podControl.DeleteAsync(key, ds, pods, cancellationToken);

    /// <summary>IsPodUpdated: the pod carries the template's generation or hash.</summary>
    private static bool IsUpdated(JsonObject pod, string hash, string? generation)
    {
        var labels = KubeObject.Labels(pod);
        return (generation is not null && labels.GetValueOrDefault(DaemonPods.TemplateGenerationLabel) == generation)
            || labels.GetValueOrDefault(DaemonPods.RevisionHashLabel) == hash;
    }

    private static bool Available(JsonObject pod, TimeSpan minReady, DateTimeOffset now) =>
        PodStates.Ready(pod) && (minReady <= TimeSpan.Zero || (ReadySince(pod) is { } since && since + minReady <= now));

    private static DateTimeOffset? ReadySince(JsonObject pod) =>
        PodStates.Condition(pod, "Ready") is { } ready ? PodStates.Parse(KubeObject.GetString(ready, "lastTransitionTime")) : null;

    private static string Created(JsonObject pod) => KubeObject.GetString(pod, "metadata", "creationTimestamp") ?? "";

    /// <summary>maxUnavailable as a count of the desired nodes: a number, or a percentage rounded up; at least 1.</summary>
    private static int Resolve(JsonNode? value, int total)
    {
        int resolved;
        if (value is JsonValue v && v.TryGetValue<int>(out var number))
        {
            resolved = number;
        }
        else if (value is JsonValue p && p.TryGetValue<string>(out var text) && text.EndsWith('%')
                 && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            resolved = (int)Math.Ceiling(total * percent / 100.0);
        }
        else
        {
            resolved = 1;
        }

        return Math.Max(1, resolved);
    }

    /// <summary>What of a node decides where daemon pods run: its labels, taints and unschedulable flag.</summary>
    private static string SchedulingFacts(JsonObject node) =>
        (KubeObject.Get(node, "metadata", "labels")?.ToJsonString() ?? "") + "|" + (KubeObject.Get(node, "spec", "taints")?.ToJsonString() ?? "")
        + "|" + (KubeObject.Get(node, "spec", "unschedulable")?.ToJsonString() ?? "");
}
