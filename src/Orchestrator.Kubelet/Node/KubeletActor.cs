using System.Diagnostics;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;
using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Pods;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// The node agent (Kubernetes' kubelet, its node side): registers the Node (refusing a name another machine
/// holds), keeps its Lease (<see cref="NodeLeaseActor"/>) and its status current, watches the pods bound to the
/// node and runs one pod worker per pod uid (made by <see cref="PodWorkerProps"/>, death-watched), routes the
/// runtime's container events to them, hands sandboxes a previous kubelet left to their pod's worker and removes
/// the rest, and on <see cref="ShutDownNode"/> (SIGTERM) marks the node NotReady and stops its pods, critical ones last.
/// Every API and runtime call runs as a Task whose outcome comes back as a message.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class KubeletActor : ReceiveActor, IWithTimers
{
    private const string StatusTimer = "status";
    private const string StartTimer = "start";
    private const string ShutdownTimer = "shutdown";
    private static readonly TimeSpan SandboxStopAllowance = TimeSpan.FromSeconds(2);

    private readonly KubeletDependencies _deps;
    private readonly KubeletSettings _settings;
    private readonly IKubeClient _client;
    private readonly IContainerRuntime _runtime;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RetryBackoff _startBackoff;
    private readonly Dictionary<string, Worker> _workers = new(StringComparer.Ordinal);

    // Pod uids whose worker finished while the pod is still in the API (a completed pod): not started again.
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);

    private KubeletNodeInfo _node;
    private MachineInfo? _machine;
    private INodeHealthProbe? _health;
    private string _runtimeVersion = "";
    private string? _nodeUid;
    private IReadOnlyList<NodeConditionState> _observedConditions = [];
    private string _observedFingerprint = "";
    private long _lastStatusPost;
    private long _nodeRevision;
    private bool _announced;
    private bool _posting;
    private int _statusFailures;

    // Sandboxes found in the runtime at start-up, by pod uid, until the first pod list says which pods still exist.
    private Dictionary<string, List<AdoptedSandbox>>? _leftovers;
    private IReadOnlyList<ContainerStatus> _strayContainers = [];

    private string? _notReadyReason;
    private ShutdownState? _shutdown;

    public KubeletActor(KubeletDependencies deps)
    {
        ArgumentNullException.ThrowIfNull(deps);
        _deps = deps;
        _settings = deps.Settings;
        _client = deps.Client;
        _runtime = deps.Runtime;
        _startBackoff = new RetryBackoff(_settings.RetryInitial, _settings.RetryMax);
        _node = new KubeletNodeInfo(_settings.NodeName, _settings.NodeIps, System.Net.Dns.GetHostName(), null);

        Receive<Start>(_ => StartNode());
        Receive<Registered>(OnRegistered);
        Receive<Refused>(OnRefused);
        Receive<StartFailed>(OnStartFailed);
        Receive<SyncStatus>(_ => SyncNodeStatus(force: false));
        Receive<StatusPosted>(OnStatusPosted);
        Receive<StatusPostFailed>(OnStatusPostFailed);
        Receive<LeftoversListed>(OnLeftoversListed);
        Receive<PodsListed>(OnPodsListed);
        Receive<PodChanged>(OnPodChanged);
        Receive<NodeSeen>(m => Observe(m.Node));
        Receive<RuntimeEventSeen>(OnRuntimeEvent);
        Receive<LeftoverRemoved>(m => _log.Info("removed sandbox {0} of pod {1}, which no longer exists", m.SandboxId, m.PodUid));
        Receive<Terminated>(OnWorkerTerminated);
        Receive<ShutDownNode>(_ => BeginShutdown());
        Receive<ShutdownPhaseEnded>(m => OnShutdownPhaseEnded(m.Phase));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(KubeletDependencies deps) => Akka.Actor.Props.Create(() => new KubeletActor(deps));

    /// <summary>Whether a pod is critical to its node (priorityClassName system-node-critical or system-cluster-critical): stopped last on shutdown.</summary>
    public static bool IsCritical(JsonObject pod) =>
        KubeObject.GetString(pod, "spec", "priorityClassName") is "system-node-critical" or "system-cluster-critical";

    protected override void PreStart() => Self.Tell(new Start());

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    // ---- start-up: machine, duplicate check, registration --------------------------------------------------

    private void StartNode()
    {
        var (deps, settings, client, node, token) = (_deps, _settings, _client, _node, _stop.Token);
        StartAsync().PipeTo(Self, failure: e => new StartFailed(e.Message));

        async Task<object> StartAsync()
        {
            var machine = deps.Machine ?? await Task.Run(() => MachineInfo.Read(settings.RootDir), token).ConfigureAwait(false);
            var version = await deps.Runtime.VersionAsync(token).ConfigureAwait(false);
            JsonObject? existing = null;
            try
            {
                existing = await client.GetAsync(ResourceRef.Nodes, null, node.Name, token).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
            }

            if (existing is not null && await HeldElsewhereAsync(existing).ConfigureAwait(false) is { } reason)
            {
                return new Refused(reason);
            }

            var inputs = new NodeStatusInputs(node, settings, machine, NodeHealth.Healthy, version, false, null, null);
            if (existing is null)
            {
                if (!settings.RegisterNode)
                {
                    throw new InvalidOperationException($"node {node.Name} is not registered and orchestrator.kubelet.register-node is off");
                }

                existing = await client.CreateAsync(ResourceRef.Nodes, KubeletNodeObject.Node(inputs, [], DateTimeOffset.UtcNow), token).ConfigureAwait(false);
            }
            else
            {
                // The Node is there (this kubelet ran before): put back the labels a kubelet owns.
                var labels = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = KubeletNodeObject.Labels(node.Name, machine) } };
                existing = await client.PatchAsync(ResourceRef.Nodes, null, node.Name, PatchType.Merge, labels, null, token).ConfigureAwait(false);
            }

            return new Registered(existing, machine, version);
        }

        // A Node of this name whose machineID is another machine's, and whose Lease that machine renewed within the
        // lease duration, belongs to a running kubelet elsewhere: two kubelets must never drive one Node.
        async Task<string?> HeldElsewhereAsync(JsonObject existing)
        {
            var theirs = KubeletNodeObject.MachineId(existing);
            var ours = (deps.Machine ?? MachineInfo.Read(settings.RootDir)).MachineId;
            if (theirs is null || theirs == ours)
            {
                return null;
            }

            JsonObject lease;
            try
            {
                lease = await client.GetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, node.Name, token).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                return null;
            }

            var renewed = NodeLeaseObject.RenewTime(lease);
            var age = renewed is null ? TimeSpan.MaxValue : DateTimeOffset.UtcNow - renewed.Value;
            if (age > settings.LeaseDuration)
            {
                return null;
            }

            var holder = KubeObject.GetString(lease, "spec", "holderIdentity") ?? "?";
            return $"node name \"{node.Name}\" is in use by another machine (machineID {theirs}, not this machine's {ours}): " +
                $"its Lease was renewed by {holder} {age.TotalSeconds:F0}s ago, within the lease duration of {settings.LeaseDuration.TotalSeconds:F0}s. " +
                "Give this kubelet another name (orchestrator.kubelet.node-name) or stop the other one.";
        }
    }

    private void OnRefused(Refused refused)
    {
        _log.Error("the kubelet will not start: {0}", refused.Reason);
        Context.System.EventStream.Publish(new KubeletRefusedToStart(_node.Name, refused.Reason));
        Context.Stop(Self);
    }

    private void OnStartFailed(StartFailed failed)
    {
        var delay = _startBackoff.Next();
        _log.Warning("node {0} could not register ({1}); retrying in {2}", _node.Name, failed.Reason, delay);
        Timers.StartSingleTimer(StartTimer, new Start(), delay);
    }

    private void OnRegistered(Registered registered)
    {
        _machine = registered.Machine;
        _runtimeVersion = registered.RuntimeVersion;
        _health = _deps.Health ?? new MachineHealthProbe(_settings.RootDir);
        Observe(registered.Node);
        _log.Info("node {0} registered ({1}, {2} CPUs)", _node.Name, _runtimeVersion, _machine.CpuCount);

        Context.ActorOf(NodeLeaseActor.Props(_client, _settings, _node.Name, _nodeUid), "lease");
        SyncNodeStatus(force: true);
        Timers.StartPeriodicTimer(StatusTimer, new SyncStatus(), _settings.NodeStatusUpdateFrequency);

        // What a previous kubelet left in the runtime is looked at before the first pod list, so that it is
        // either handed to its pod's worker or removed.
        var (runtime, name, token) = (_runtime, _node.Name, _stop.Token);
        ListLeftoversAsync().PipeTo(Self, failure: e => new LeftoversListed([], [], e.Message));

        async Task<object> ListLeftoversAsync()
        {
            var sandboxes = await runtime.ListPodSandboxesAsync(token).ConfigureAwait(false);
            var containers = await runtime.ListContainersAsync(null, token).ConfigureAwait(false);
            return new LeftoversListed(
                sandboxes.Where(s => Ours(s.Labels, name)).ToArray(),
                containers.Where(c => Ours(c.Labels, name)).ToArray(),
                null);
        }
    }

    private static bool Ours(IReadOnlyDictionary<string, string> labels, string node) =>
        labels.TryGetValue(RuntimeLabels.NodeName, out var owner) && owner == node;

    private void OnLeftoversListed(LeftoversListed listed)
    {
        if (listed.Error is not null)
        {
            _log.Warning("could not list the runtime's sandboxes ({0}); leftovers of a previous run are not adopted", listed.Error);
        }

        _leftovers = listed.Sandboxes
            .GroupBy(s => s.PodUid, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.Select(s => new AdoptedSandbox(s, listed.Containers.Where(c => c.SandboxId == s.Id).ToArray())).ToList(),
                StringComparer.Ordinal);
        var sandboxIds = listed.Sandboxes.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        _strayContainers = listed.Containers.Where(c => !sandboxIds.Contains(c.SandboxId)).ToArray();
        StartWatches();
    }

    // ---- watches: the node's pods and the runtime's events ---------------------------------------------

    private void StartWatches()
    {
        var (self, client, runtime, log, token) = (Self, _client, _runtime, _log, _stop.Token);
        var options = new ListWatchOptions
        {
            FieldSelector = "spec.nodeName=" + _node.Name,
            InitialBackoff = _settings.RetryInitial,
            MaxBackoff = _settings.RetryMax,
        };
        var backoff = new RetryBackoff(_settings.RetryInitial, _settings.RetryMax);
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in client.ListWatchAsync(ResourceRef.Pods, null, options, token).ConfigureAwait(false))
                    {
                        backoff.Reset();
                        self.Tell(e.Type == WatchEventType.Resync ? new PodsListed(e.Items) : new PodChanged(e.Type, e.Object));
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException)
                {
                    log.Warning("the pod watch failed ({0}); retrying", e.Message);
                    await Delay(backoff.Next(), token).ConfigureAwait(false);
                }
            }
        }, token);

        // The Node as the API holds it (an informer of one object, as the kubelet's node lister): its status is
        // compared with what the kubelet would post, and its podCIDR reaches new pod workers.
        var nodeOptions = options with { FieldSelector = "metadata.name=" + _node.Name };
        var nodeBackoff = new RetryBackoff(_settings.RetryInitial, _settings.RetryMax);
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in client.ListWatchAsync(ResourceRef.Nodes, null, nodeOptions, token).ConfigureAwait(false))
                    {
                        nodeBackoff.Reset();
                        foreach (var node in e.Type == WatchEventType.Resync ? e.Items : e.Type == WatchEventType.Deleted ? [] : [e.Object])
                        {
                            self.Tell(new NodeSeen(node));
                        }
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException)
                {
                    log.Warning("the node watch failed ({0}); retrying", e.Message);
                    await Delay(nodeBackoff.Next(), token).ConfigureAwait(false);
                }
            }
        }, token);

        var eventsBackoff = new RetryBackoff(_settings.RetryInitial, _settings.RetryMax);
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in runtime.WatchEventsAsync(token).ConfigureAwait(false))
                    {
                        eventsBackoff.Reset();
                        self.Tell(new RuntimeEventSeen(e));
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // Whatever the runtime throws, its events are watched again after a back-off.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    log.Warning("the runtime's event stream failed ({0}); retrying", e.Message);
                }

                await Delay(eventsBackoff.Next(), token).ConfigureAwait(false);
            }
        }, token);
    }

    private static async Task Delay(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnPodsListed(PodsListed listed)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in listed.Pods)
        {
            if (KubeObject.Uid(pod) is { } uid)
            {
                present.Add(uid);
                Deliver(uid, pod);
            }
        }

        foreach (var uid in _workers.Keys.Where(uid => !present.Contains(uid)).ToList())
        {
            _workers[uid].Ref.Tell(new PodRemovedFromApi(uid));
        }

        _finished.IntersectWith(present);

        // The first list says which pods still exist: the sandboxes of the others go.
        if (_leftovers is not null)
        {
            var orphans = _leftovers.Where(l => !present.Contains(l.Key)).SelectMany(l => l.Value).ToList();
            _leftovers = null;
            RemoveLeftovers(orphans, _strayContainers);
            _strayContainers = [];
        }
    }

    private void OnPodChanged(PodChanged changed)
    {
        if (KubeObject.Uid(changed.Pod) is not { } uid)
        {
            return;
        }

        if (changed.Type == WatchEventType.Deleted)
        {
            _finished.Remove(uid);
            if (_workers.TryGetValue(uid, out var worker))
            {
                worker.Ref.Tell(new PodRemovedFromApi(uid));
            }

            return;
        }

        Deliver(uid, changed.Pod);
    }

    private void Deliver(string uid, JsonObject pod)
    {
        if (_workers.TryGetValue(uid, out var worker))
        {
            worker.Pod = pod;
            worker.Ref.Tell(new PodSpecChanged(pod));
            return;
        }

        // No new pods on a node going down, and none again whose worker already saw them through.
        if (_shutdown is not null || _finished.Contains(uid))
        {
            return;
        }

        var adopted = _leftovers is not null && _leftovers.Remove(uid, out var sandboxes) ? sandboxes : [];
        var context = new PodActorContext(pod, _runtime, _client, _node, _settings) { AdoptedSandboxes = adopted };
        var child = Context.ActorOf(_deps.PodWorker(context), "pod-" + uid);
        Context.Watch(child);
        _workers[uid] = new Worker(child, pod);
        if (adopted.Count > 0)
        {
            _log.Info("pod {0}/{1} adopts {2} sandbox(es) from a previous run", KubeObject.Namespace(pod), KubeObject.Name(pod), adopted.Count);
        }
    }

    private void OnWorkerTerminated(Terminated terminated)
    {
        var uid = _workers.FirstOrDefault(w => w.Value.Ref.Equals(terminated.ActorRef)).Key;
        if (uid is null)
        {
            return;
        }

        _workers.Remove(uid);
        if (_shutdown is null)
        {
            _finished.Add(uid);
        }
        else
        {
            CheckShutdownPhase();
        }
    }

    private void OnRuntimeEvent(RuntimeEventSeen seen)
    {
        var labels = seen.Event.Labels;
        if (Ours(labels, _node.Name) && labels.TryGetValue(RuntimeLabels.PodUid, out var uid) && _workers.TryGetValue(uid, out var worker))
        {
            worker.Ref.Tell(new ContainerEventObserved(seen.Event));
        }
    }

    private void RemoveLeftovers(IReadOnlyList<AdoptedSandbox> orphans, IReadOnlyList<ContainerStatus> strays)
    {
        var (runtime, self, log, token) = (_runtime, Self, _log, _stop.Token);
        foreach (var orphan in orphans)
        {
            var (id, uid) = (orphan.Sandbox.Id, orphan.Sandbox.PodUid);
            _ = Task.Run(async () =>
            {
                try
                {
                    await runtime.StopPodSandboxAsync(id, token).ConfigureAwait(false);
                    await runtime.RemovePodSandboxAsync(id, token).ConfigureAwait(false);
                    self.Tell(new LeftoverRemoved(id, uid));
                }
#pragma warning disable CA1031 // A sandbox that cannot be removed now is left for the next start; it must not crash the kubelet.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    log.Warning("could not remove sandbox {0} of a pod that no longer exists: {1}", id, e.Message);
                }
            }, token);
        }

        foreach (var stray in strays)
        {
            var id = stray.Id;
            _ = Task.Run(async () =>
            {
                try
                {
                    await runtime.StopContainerAsync(id, TimeSpan.Zero, token).ConfigureAwait(false);
                    await runtime.RemoveContainerAsync(id, token).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // As above.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    log.Warning("could not remove container {0} left without its sandbox: {1}", id, e.Message);
                }
            }, token);
        }
    }

    // ---- node status -------------------------------------------------------------------------------------

    private void SyncNodeStatus(bool force)
    {
        if (_machine is null || _health is null || _posting)
        {
            return;
        }

        var network = _deps.PodNetwork;
        var inputs = new NodeStatusInputs(_node, _settings, _machine, _health.Read(), _runtimeVersion,
            network?.IsolatesPods ?? false, _deps.PodNetworkNote, _notReadyReason);
        var status = KubeletNodeObject.Status(inputs, _observedConditions, DateTimeOffset.UtcNow);
        var fingerprint = HollowNodeObject.StatusFingerprint(new JsonObject { ["status"] = status.DeepClone() });

        // Posted when it differs from what the API holds (something changed here, or another writer such as the
        // node lifecycle controller set Ready Unknown), and at least every report frequency as a heartbeat.
        var due = Stopwatch.GetElapsedTime(_lastStatusPost) + _settings.NodeStatusUpdateFrequency > _settings.NodeStatusReportFrequency;
        if (!force && !due && fingerprint == _observedFingerprint)
        {
            return;
        }

        _posting = true;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["uid"] = _nodeUid }, ["status"] = status };
        var (client, name, token) = (_client, _node.Name, _stop.Token);
        PostAsync().PipeTo(Self, failure: e => new StatusPostFailed(e.Message));

        async Task<object> PostAsync() =>
            new StatusPosted(await client.PatchAsync(ResourceRef.Nodes, null, name, PatchType.Merge, patch, "status", token).ConfigureAwait(false));
    }

    private void OnStatusPosted(StatusPosted posted)
    {
        _posting = false;
        _statusFailures = 0;
        _lastStatusPost = Stopwatch.GetTimestamp();
        Observe(posted.Node);
        if (!_announced)
        {
            // Registered with its status: the Node is whole in the API.
            _announced = true;
            Context.System.EventStream.Publish(new KubeletStarted(_node.Name));
        }
        StatusAnsweredDuringShutdown();
    }

    private void OnStatusPostFailed(StatusPostFailed failed)
    {
        _posting = false;
        if (_statusFailures++ == 0)
        {
            _log.Warning("node {0} could not post its status ({1}); trying again every {2}", _node.Name, failed.Reason, _settings.NodeStatusUpdateFrequency);
        }

        StatusAnsweredDuringShutdown();
    }

    private void StatusAnsweredDuringShutdown()
    {
        if (_shutdown is not { } shutdown)
        {
            return;
        }

        if (shutdown.RepostWhenAnswered)
        {
            shutdown.RepostWhenAnswered = false;
            SyncNodeStatus(force: true);
            return;
        }

        shutdown.StatusAnswered = true;
        if (shutdown.Phase == ShutdownPhase.Done)
        {
            FinishShutdown();
        }
    }

    private void Observe(JsonObject node)
    {
        var observed = ObservedNode.FromObject(node);
        if (observed.ResourceVersion < _nodeRevision)
        {
            return;
        }

        _nodeRevision = observed.ResourceVersion;
        _nodeUid = observed.Uid;
        _observedConditions = observed.Conditions;
        _observedFingerprint = observed.StatusFingerprint;
        if (observed.PodCidr != _node.PodCidr)
        {
            _node = _node with { PodCidr = observed.PodCidr };
        }
    }

    // ---- graceful node shutdown --------------------------------------------------------------------------

    private void BeginShutdown()
    {
        if (_shutdown is not null)
        {
            _shutdown.Waiters.Add(Sender);
            return;
        }

        _log.Info("node {0} is shutting down: {1} pods get {2} ({3} of it for critical pods)",
            _node.Name, _workers.Count, _settings.ShutdownGracePeriod, _settings.ShutdownGracePeriodCriticalPods);
        _shutdown = new ShutdownState();
        _shutdown.Waiters.Add(Sender);
        _notReadyReason = "node is shutting down";
        if (_machine is null)
        {
            // Never registered: nothing to tell the API, no pods to stop.
            FinishShutdown();
            return;
        }

        if (_posting)
        {
            // The status in flight is not the NotReady one: post again once it is answered.
            _shutdown.RepostWhenAnswered = true;
        }
        else
        {
            SyncNodeStatus(force: true);
        }

        // The pods are told to stop whether or not the API has heard of the shutdown: the machine is going down.
        StopPods(critical: false);
    }

    private void StopPods(bool critical)
    {
        var shutdown = _shutdown!;
        shutdown.Phase = critical ? ShutdownPhase.Critical : ShutdownPhase.Regular;
        var grace = critical
            ? _settings.ShutdownGracePeriodCriticalPods
            : _settings.ShutdownGracePeriod - _settings.ShutdownGracePeriodCriticalPods;
        var pods = _workers.Where(w => IsCritical(w.Value.Pod) == critical).ToList();
        foreach (var (_, worker) in pods)
        {
            worker.Ref.Tell(new StopPodForShutdown(grace));
        }

        _log.Info("node {0} stops {1} {2}pods within {3}", _node.Name, pods.Count, critical ? "critical " : "", grace);

        // A pod killed at the end of its grace still stops its sandbox (and tears its network down) after that:
        // the phase waits that long more for pods to finish, rather than leaving sandboxes running.
        Timers.StartSingleTimer(ShutdownTimer, new ShutdownPhaseEnded(shutdown.Phase), grace + SandboxStopAllowance);
        CheckShutdownPhase();
    }

    private void CheckShutdownPhase()
    {
        if (_shutdown is not { } shutdown)
        {
            return;
        }

        var left = _workers.Values.Count(w => IsCritical(w.Pod) == (shutdown.Phase == ShutdownPhase.Critical));
        if (left == 0)
        {
            Timers.Cancel(ShutdownTimer);
            OnShutdownPhaseEnded(shutdown.Phase);
        }
    }

    private void OnShutdownPhaseEnded(ShutdownPhase phase)
    {
        if (_shutdown is not { } shutdown || shutdown.Phase != phase)
        {
            return;
        }

        if (phase == ShutdownPhase.Done)
        {
            // The NotReady status was not answered in time: the node goes down without it.
            FinishShutdown();
            return;
        }

        if (phase == ShutdownPhase.Regular)
        {
            StopPods(critical: true);
            return;
        }

        shutdown.Phase = ShutdownPhase.Done;
        if (shutdown.StatusAnswered)
        {
            FinishShutdown();
        }
        else
        {
            // The pods have stopped; the API is still to hear that the node is NotReady.
            Timers.StartSingleTimer(ShutdownTimer, new ShutdownPhaseEnded(ShutdownPhase.Done), _settings.NodeStatusUpdateFrequency);
        }
    }

    private void FinishShutdown()
    {
        if (_shutdown!.Finished)
        {
            return;
        }

        _shutdown.Finished = true;
        var left = _workers.Count;
        if (left > 0)
        {
            _log.Warning("node {0}: {1} pods did not stop within the shutdown grace period", _node.Name, left);
        }

        foreach (var waiter in _shutdown!.Waiters.Where(w => !w.IsNobody()))
        {
            waiter.Tell(new NodeShutDown(left));
        }

        Context.Stop(Self);
    }

    private sealed class Worker(IActorRef actor, JsonObject pod)
    {
        public IActorRef Ref { get; } = actor;

        public JsonObject Pod { get; set; } = pod;
    }

    private enum ShutdownPhase
    {
        Regular,
        Critical,
        Done,
    }

    private sealed class ShutdownState
    {
        public List<IActorRef> Waiters { get; } = [];

        public ShutdownPhase Phase { get; set; }

        public bool RepostWhenAnswered { get; set; }

        /// <summary>The NotReady status has been posted (or failed to be): the node may go.</summary>
        public bool StatusAnswered { get; set; }

        public bool Finished { get; set; }
    }

    private sealed record Start;

    private sealed record Registered(JsonObject Node, MachineInfo Machine, string RuntimeVersion);

    private sealed record Refused(string Reason);

    private sealed record StartFailed(string Reason);

    private sealed record SyncStatus;

    private sealed record StatusPosted(JsonObject Node);

    private sealed record StatusPostFailed(string Reason);

    private sealed record LeftoversListed(IReadOnlyList<PodSandboxStatus> Sandboxes, IReadOnlyList<ContainerStatus> Containers, string? Error);

    private sealed record LeftoverRemoved(string SandboxId, string PodUid);

    private sealed record PodsListed(IReadOnlyList<JsonObject> Pods);

    private sealed record PodChanged(WatchEventType Type, JsonObject Pod);

    private sealed record NodeSeen(JsonObject Node);

    private sealed record RuntimeEventSeen(ContainerEvent Event);

    private sealed record ShutdownPhaseEnded(ShutdownPhase Phase);
}
