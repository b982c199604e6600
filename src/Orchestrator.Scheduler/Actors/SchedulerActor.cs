using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Client.WorkQueues;
using Orchestrator.Scheduler.Framework;
using Orchestrator.Scheduler.Plugins;
using Orchestrator.Scheduler.Preemption;
using Orchestrator.Scheduler.Queue;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// kube-scheduler's scheduling loop as an actor. Shared informers for nodes, pods and namespaces keep the
/// <see cref="Snapshot"/> (bound pods on their nodes, namespace labels) and feed pending pods whose
/// schedulerName is default-scheduler into the <see cref="SchedulingQueue"/>. Once every informer has synced,
/// it takes pods from the queue a turn at a time: <see cref="SchedulingAlgorithm"/> picks a node, the pod is
/// assumed there at once (the next attempts see its resources taken) and bound with POST pods/{name}/binding
/// off the actor thread, many bindings in flight at once; a failed binding forgets the assumption. A pod that
/// fits nowhere gets a FailedScheduling Event, may preempt lower-priority pods, and waits as unschedulable
/// until a node is added or changes, or a pod goes away.
/// </summary>
public sealed class SchedulerActor : ReceiveActor, IWithTimers
{
    /// <summary>The name kube-scheduler schedules for, and its Events' source.</summary>
    public const string DefaultSchedulerName = "default-scheduler";

    private const string FlushTimer = "flush";

    private static readonly InformerKey NodesInformer = new(ResourceRef.Nodes);
    private static readonly InformerKey PodsInformer = new(ResourceRef.Pods, Transform: SchedulerPodView.Strip);
    private static readonly InformerKey NamespacesInformer = new(ResourceRef.Namespaces);

    private readonly IKubeClient _client;
    private readonly KubeSchedulerSettings _settings;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly Snapshot _snapshot = new();
    private readonly SchedulingQueue _queue;
    private readonly TimeProvider _clock;
    private readonly HashSet<InformerKey> _unsynced = [NodesInformer, PodsInformer, NamespacesInformer];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IActorRef _events;
    private EventRecorder _recorder = null!;
    private SchedulingAlgorithm? _explainer;
    private SharedInformerFactory _informers = null!;
    private bool _turnPending;
    private DateTimeOffset? _flushAt;
    private long _scheduled;
    private long _unschedulable;
    private long _bound;
    private long _bindingsRefused;
    private long _bindingsFailed;
    private long _preemptions;
    private int _bindingsInFlight;

    /// <param name="events">The Event broadcaster to record through; null: one of its own.</param>
    public SchedulerActor(IKubeClient client, KubeSchedulerSettings settings, Random? random = null, IActorRef? events = null)
    {
        _client = client;
        _settings = settings;
        _algorithm = new SchedulingAlgorithm(settings.Algorithm, random);
        _clock = new SchedulerTimeProvider(Context.System.Scheduler);
        _queue = new SchedulingQueue(settings.Queue, _clock);
        _events = events ?? ActorRefs.Nobody;

        Receive<InformerEvent>(OnInformerEvent);
        Receive<InformerSynced>(OnSynced);
        Receive<ScheduleTurn>(_ => Turn());
        Receive<Flush>(_ => OnFlush());
        Receive<BindingFinished>(OnBindingFinished);
        Receive<WriteFailed>(m => _log.Warning("pod {0}: {1}", m.Pod, m.Error));
        Receive<GetSchedulerStats>(_ => Sender.Tell(Stats()));
        Receive<ExplainPod>(m => Sender.Tell(Explain(m)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IKubeClient client, KubeSchedulerSettings settings, Random? random = null, IActorRef? events = null) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(client, settings, random, events));

    protected override void PreStart()
    {
        var events = _events.IsNobody() ? Context.ActorOf(EventBroadcaster.Props(_client, _settings.Events), "events") : _events;
        _recorder = new EventRecorder(events, new EventSource(DefaultSchedulerName), _clock);
        _informers = new SharedInformerFactory(Context, _client, _settings.Informers);
        _informers.Subscribe(NodesInformer, Self);
        _informers.Subscribe(NamespacesInformer, Self);
        _informers.Subscribe(PodsInformer, Self);
    }

    // ---- informers ---------------------------------------------------------------------------------------

    private void OnSynced(InformerSynced synced)
    {
        if (_unsynced.Remove(synced.Informer) && _unsynced.Count == 0)
        {
            _log.Info("caches synced: {0} nodes, {1} bound pods, {2} pods to schedule", _snapshot.NodeCount, _snapshot.PodCount, _queue.Count);
            Kick();
        }
    }

    private void OnInformerEvent(InformerEvent e)
    {
        if (e.Informer == PodsInformer)
        {
            OnPod(e);
        }
        else if (e.Informer == NodesInformer)
        {
            OnNode(e);
        }
        else if (e.Informer == NamespacesInformer)
        {
            OnNamespace(e);
        }
    }

    private void OnPod(InformerEvent e)
    {
        var pod = e.Object;
        var key = KeyOf(pod);
        if (e.Type == InformerEventType.Deleted)
        {
            _queue.Delete(key);
            _snapshot.RemoveNominatedPod(key);
            if (_snapshot.RemovePod(key))
            {
                // Room freed: pods that fit nowhere may fit now (kube-scheduler's AssignedPodDelete).
                MoveAll();
            }

            return;
        }

        if (NodeNameOf(pod) is not null)
        {
            _queue.Delete(key);
            _snapshot.RemoveNominatedPod(key);
            if (IsTerminal(pod))
            {
                // A finished pod holds no resources (kube-scheduler's cache drops it).
                if (_snapshot.RemovePod(key))
                {
                    MoveAll();
                }

                return;
            }

            var known = _snapshot.GetPod(key) is not null && !_snapshot.IsAssumed(key);
            var info = PodInfo.FromPod(pod);
            _snapshot.AddOrUpdatePod(info);
            if (!known && _snapshot.PodsWithAffinityCount + _queue.UnschedulableCount > 0)
            {
                // A new pod on a node may satisfy pods waiting for pod affinity or spread (kube-scheduler's AssignedPodAdd).
                MoveAll(waiting => waiting.UnschedulablePlugins.Contains(PluginNames.InterPodAffinity)
                    || waiting.UnschedulablePlugins.Contains(PluginNames.PodTopologySpread));
            }

            return;
        }

        // Pending. One being bound by this scheduler is left alone until the binding shows up or fails.
        if (_snapshot.IsAssumed(key))
        {
            return;
        }

        if (!IsResponsibleFor(pod) || IsTerminal(pod) || KubeObjectIsTerminating(pod) || HasSchedulingGates(pod))
        {
            _queue.Delete(key);
            _snapshot.RemoveNominatedPod(key);
            return;
        }

        // A pod preemption made room for reserves it while it waits (its victims may still be terminating).
        if (pod["status"]?["nominatedNodeName"] is JsonValue)
        {
            _snapshot.SetNominatedPod(PodInfo.FromPod(pod));
        }
        else
        {
            _snapshot.RemoveNominatedPod(key);
        }

        _queue.AddOrUpdate(key, pod);
        Kick();
    }

    private void OnNode(InformerEvent e)
    {
        switch (e.Type)
        {
            case InformerEventType.Added:
                _snapshot.UpsertNode(e.Object);
                MoveAll();
                break;
            case InformerEventType.Updated:
                _snapshot.UpsertNode(e.Object);
                if (e.OldObject is null || NodeChanges.CouldMakePodsFit(e.OldObject, e.Object))
                {
                    MoveAll();
                }

                break;
            case InformerEventType.Deleted:
                _snapshot.RemoveNode(NodeInfo.NameOf(e.Object));
                break;
        }
    }

    private void OnNamespace(InformerEvent e)
    {
        var name = e.Object["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;
        if (e.Type == InformerEventType.Deleted)
        {
            _snapshot.RemoveNamespace(name);
            return;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.Object["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (label, value) in map)
            {
                if (value is JsonValue text && text.TryGetValue<string>(out var s))
                {
                    labels[label] = s;
                }
            }
        }

        _snapshot.SetNamespaceLabels(name, labels);
        if (e.Type == InformerEventType.Updated)
        {
            MoveAll(waiting => waiting.UnschedulablePlugins.Contains(PluginNames.InterPodAffinity));
        }
    }

    // ---- scheduling --------------------------------------------------------------------------------------

    private void Kick()
    {
        if (!_turnPending && _unsynced.Count == 0 && _queue.ActiveCount > 0 && _bindingsInFlight < _settings.MaxBindingsInFlight)
        {
            _turnPending = true;
            Self.Tell(ScheduleTurn.Instance);
        }
    }

    /// <summary>A few pods at a time, so informer events and binding results are read between turns.</summary>
    private void Turn()
    {
        _turnPending = false;
        for (var i = 0; i < _settings.PodsPerTurn && _bindingsInFlight < _settings.MaxBindingsInFlight; i++)
        {
            if (_queue.Pop() is not { } queued)
            {
                break;
            }

            ScheduleOne(queued);
        }

        Kick();
    }

    private void ScheduleOne(QueuedPod queued)
    {
        var pod = queued.Pod;
        if (KubeObjectIsTerminating(pod))
        {
            _queue.Done(queued.Key);
            return;
        }

        var info = PodInfo.FromPod(pod);
        var result = _algorithm.Schedule(info, _snapshot);
        if (result.SelectedNode is { } node)
        {
            _scheduled++;
            _snapshot.AssumePod(info, node);
            _queue.Done(queued.Key);
            Bind(queued.Key, pod, node);
            return;
        }

        _unschedulable++;
        var message = result.FailureMessage ?? "0/0 nodes are available";
        _recorder.Event(Reference(pod), EventType.Warning, "FailedScheduling", message);
        if (result.Preemption is { Succeeded: true } preemption)
        {
            Preempt(info, pod, preemption);
        }

        MarkUnschedulable(pod, message);
        _queue.AddUnschedulable(queued.Key, result.FitError?.UnschedulablePlugins ?? new HashSet<string>());
        ArmFlush(queued.Timestamp + _settings.Queue.MaxInUnschedulable);
    }

    private void Bind(string key, JsonObject pod, string node)
    {
        var ns = NamespaceOf(pod);
        var name = NameOf(pod);
        var binding = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["uid"] = pod["metadata"]?["uid"]?.DeepClone() },
            ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
        };
        _bindingsInFlight++;
        var self = Self;
        _ = _client.CreateSubresourceAsync(ResourceRef.Pods, ns, name, "binding", binding).ContinueWith(
            task => self.Tell(new BindingFinished(key, pod, node, task.Exception?.GetBaseException())),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnBindingFinished(BindingFinished m)
    {
        _bindingsInFlight--;
        Kick();
        if (m.Error is null)
        {
            _bound++;
            _recorder.Event(Reference(m.Pod), EventType.Normal, "Scheduled", $"Successfully assigned {NamespaceOf(m.Pod)}/{NameOf(m.Pod)} to {m.Node}");
            return;
        }

        var forgotten = _snapshot.ForgetPod(m.Key);
        if (m.Error is KubeApiException { StatusCode: HttpStatusCode.Conflict or HttpStatusCode.NotFound } refused)
        {
            // Bound by someone else, being deleted, or gone: the informer shows which; nothing to retry.
            _bindingsRefused++;
            _log.Info("binding pod {0}/{1} to {2} refused: {3}", NamespaceOf(m.Pod), NameOf(m.Pod), m.Node, refused.Message);
            return;
        }

        _bindingsFailed++;
        _log.Warning("binding pod {0}/{1} to {2} failed: {3}", NamespaceOf(m.Pod), NameOf(m.Pod), m.Node, m.Error.Message);
        _recorder.Event(Reference(m.Pod), EventType.Warning, "FailedScheduling", "Binding rejected: " + m.Error.Message);

        // Tried again after its back-off, as the informer shows it now (if it still waits for a node).
        var latest = _informers.Lister(PodsInformer).Get(NamespaceOf(m.Pod), NameOf(m.Pod));
        if (latest is not null && NodeNameOf(latest) is null && KeyOf(latest) == m.Key && !KubeObjectIsTerminating(latest))
        {
            _queue.AddBackoff(m.Key, latest);
            ArmFlush(_queue.Get(m.Key)?.BackoffExpiry);
        }

        if (forgotten)
        {
            MoveAll();
        }
    }

    /// <summary>
    /// kube-scheduler's failure handler: the pod's PodScheduled condition becomes False, reason Unschedulable, with
    /// the FailedScheduling message (written only when it changes, so retries do not rewrite it).
    /// </summary>
    private void MarkUnschedulable(JsonObject pod, string message)
    {
        if (pod["status"]?["conditions"] is JsonArray conditions && conditions.Any(c =>
            c?["type"]?.GetValue<string>() == "PodScheduled" && c["status"]?.GetValue<string>() == "False"
            && c["reason"]?.GetValue<string>() == "Unschedulable" && c["message"]?.GetValue<string>() == message))
        {
            return;
        }

        var patch = new JsonObject
        {
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "PodScheduled",
                    ["status"] = "False",
                    ["lastProbeTime"] = null,
                    ["lastTransitionTime"] = _clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    ["reason"] = "Unschedulable",
                    ["message"] = message,
                }),
            },
        };
        var (ns, name, self) = (NamespaceOf(pod), NameOf(pod), Self);
        _ = _client.PatchAsync(ResourceRef.Pods, ns, name, PatchType.StrategicMerge, patch, "status").ContinueWith(
            task =>
            {
                if (task.Exception?.GetBaseException() is { } error && error is not KubeApiException { IsNotFound: true })
                {
                    self.Tell(new WriteFailed($"{ns}/{name}", "could not mark it unschedulable: " + error.Message));
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // ---- preemption --------------------------------------------------------------------------------------

    /// <summary>
    /// kube-scheduler's prepareCandidate: the preemptor is nominated to the node (status.nominatedNodeName), so
    /// its next attempt tries that node first, and the victims are deleted with their graceful termination; each
    /// victim gets a Preempted Event. The preemptor is retried when their deletion frees the room.
    /// </summary>
    private void Preempt(PodInfo preemptor, JsonObject pod, PreemptionResult preemption)
    {
        _preemptions++;
        var node = preemption.NominatedNode!;
        var ns = NamespaceOf(pod);
        var name = NameOf(pod);
        var self = Self;
        var client = _client;
        var victims = preemption.Victims.Select(v => (v.Namespace, v.Name, v.Uid)).ToList();
        foreach (var victim in preemption.Victims)
        {
            _recorder.Event(new ObjectReference("Pod", victim.Namespace, victim.Name) { ApiVersion = "v1", Uid = victim.Uid },
                EventType.Normal, "Preempted", $"Preempted by pod {preemptor.Uid} on node {node}");
        }

        _ = Task.Run(async () =>
        {
            try
            {
                if (preemptor.NominatedNodeName != node)
                {
                    await client.PatchAsync(ResourceRef.Pods, ns, name, PatchType.Merge,
                        new JsonObject { ["status"] = new JsonObject { ["nominatedNodeName"] = node } }, "status").ConfigureAwait(false);
                }

                await Task.WhenAll(victims.Select(async victim =>
                {
                    try
                    {
                        await client.DeleteAsync(ResourceRef.Pods, victim.Namespace, victim.Name,
                            new DeleteOptions { PreconditionUid = victim.Uid }).ConfigureAwait(false);
                    }
                    catch (KubeApiException gone) when (gone.IsNotFound || gone.StatusCode == HttpStatusCode.Conflict)
                    {
                        // Already gone (or replaced by a pod of the same name): nothing to evict.
                    }
                })).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException or IOException or TaskCanceledException)
            {
                self.Tell(new WriteFailed($"{ns}/{name}", "preemption: " + e.Message));
            }
        });
    }

    // ---- the queue's timers ------------------------------------------------------------------------------

    private void MoveAll(Func<QueuedPod, bool>? concerns = null)
    {
        if (_queue.UnschedulableCount == 0 || _queue.MoveAllToActiveOrBackoff(concerns) == 0)
        {
            return;
        }

        ArmFlush(_clock.GetUtcNow() + _settings.Queue.InitialBackoff);
        Kick();
    }

    private void OnFlush()
    {
        _flushAt = null;
        var next = _queue.Flush();
        Kick();
        ArmFlush(next);
    }

    /// <summary>Makes sure the queue is flushed at <paramref name="due"/> (or earlier).</summary>
    private void ArmFlush(DateTimeOffset? due)
    {
        if (due is not { } at || (_flushAt is { } armed && armed <= at))
        {
            return;
        }

        _flushAt = at;
        var delay = at - _clock.GetUtcNow();
        Timers.StartSingleTimer(FlushTimer, Flush.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.Zero);
    }

    /// <summary>A dry attempt for a pending pod, on a separate algorithm so the live rotation and randomness are untouched.</summary>
    private PodExplanation Explain(ExplainPod request)
    {
        var id = request.Namespace + "/" + request.Name;
        if (_informers.Lister(PodsInformer).Get(request.Namespace, request.Name) is not { } pod)
        {
            return new PodExplanation(id, "NotFound", null, null, [], $"pod {id} not found");
        }

        var key = KeyOf(pod);
        if (NodeNameOf(pod) is { } bound)
        {
            return new PodExplanation(id, "Bound", bound, null, [], $"pod {id} is bound to {bound}");
        }

        if (_snapshot.IsAssumed(key))
        {
            var node = _snapshot.NodeOfPod(key);
            return new PodExplanation(id, "Assumed", node, null, [], $"pod {id} is being bound to {node}");
        }

        if (!_queue.Contains(key))
        {
            return new PodExplanation(id, "NotScheduledHere", null, null, [], $"pod {id} is not waiting in this scheduler's queue");
        }

        _explainer ??= new SchedulingAlgorithm(_settings.Algorithm with { Preemption = false }, new Random(0));
        var result = _explainer.Schedule(PodInfo.FromPod(pod), _snapshot, explain: true);
        var explanation = result.Explanation!;
        var scores = explanation.Scores.ToDictionary(score => score.Node, StringComparer.Ordinal);
        var nodes = explanation.Filtered.Select(outcome => scores.TryGetValue(outcome.Node, out var score)
            ? new ExplainedNode(outcome.Node, true, null, null, score.Total, string.Join(", ", score.Plugins))
            : new ExplainedNode(outcome.Node, outcome.Passed, outcome.Rejection?.Plugin, outcome.Rejection?.Message, null, null)).ToList();
        return new PodExplanation(id, "Pending", result.SelectedNode, result.FailureMessage, nodes, explanation.ToString());
    }

    private SchedulerStats Stats() => new(
        _unsynced.Count == 0, _scheduled, _unschedulable, _bound, _bindingsRefused, _bindingsFailed, _bindingsInFlight,
        _queue.Count, _queue.ActiveCount, _queue.BackoffCount, _queue.UnschedulableCount, _preemptions, _snapshot.NodeCount, _snapshot.PodCount);

    // ---- pod fields --------------------------------------------------------------------------------------

    private static string KeyOf(JsonObject pod)
    {
        var uid = pod["metadata"]?["uid"]?.GetValue<string>();
        return string.IsNullOrEmpty(uid) ? NamespaceOf(pod) + "/" + NameOf(pod) : uid;
    }

    private static string NamespaceOf(JsonObject pod) => pod["metadata"]?["namespace"]?.GetValue<string>() ?? "default";

    private static string NameOf(JsonObject pod) => pod["metadata"]?["name"]?.GetValue<string>() ?? string.Empty;

    private static string? NodeNameOf(JsonObject pod) =>
        pod["spec"]?["nodeName"]?.GetValue<string>() is { Length: > 0 } node ? node : null;

    private static bool IsTerminal(JsonObject pod) => pod["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed";

    private static bool KubeObjectIsTerminating(JsonObject pod) => pod["metadata"]?["deletionTimestamp"] is not null;

    private static bool HasSchedulingGates(JsonObject pod) => pod["spec"]?["schedulingGates"] is JsonArray { Count: > 0 };

    private static bool IsResponsibleFor(JsonObject pod) =>
        pod["spec"]?["schedulerName"]?.GetValue<string>() is null or "" or DefaultSchedulerName;

    private static ObjectReference Reference(JsonObject pod) => new("Pod", NamespaceOf(pod), NameOf(pod))
    {
        ApiVersion = "v1",
        Uid = pod["metadata"]?["uid"]?.GetValue<string>(),
        ResourceVersion = pod["metadata"]?["resourceVersion"]?.GetValue<string>(),
    };

    private sealed record ScheduleTurn
    {
        public static readonly ScheduleTurn Instance = new();
    }

    private sealed record Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed record BindingFinished(string Key, JsonObject Pod, string Node, Exception? Error) : INoSerializationVerificationNeeded;

    private sealed record WriteFailed(string Pod, string Error);
}
