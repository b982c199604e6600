using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// One simulated node, a kubelet without containers (kubemark's hollow node, kwok's fake node): it registers its
/// Node, renews its Lease in kube-node-lease on the kubelet's timing, posts the node's status when it changed
/// and as a heartbeat, and for each pod bound to it reports the pod Running (with an address from the node's
/// spec.podCIDR, else from its loopback range) and, once the pod is being deleted, removes it after the
/// simulated stop time. Its pods and Node arrive from the parent's watches (<see cref="HollowKubelet"/>);
/// every API call runs as a Task whose outcome is piped back as a message, so no actor thread ever waits.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class HollowNode : ReceiveActor, IWithTimers
{
    private const string LeaseTimer = "lease";
    private const string StatusTimer = "status";
    private const string RegisterTimer = "register";

    private readonly IKubeClient _client;
    private readonly HollowKubeletSettings _settings;
    private readonly HollowNodeIdentity _identity;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, TrackedPod> _pods = new(StringComparer.Ordinal);
    private readonly PodAddresses _loopbackAddresses;
    private readonly RetryBackoff _registerBackoff;
    private readonly RetryBackoff _leaseBackoff;

    private PodAddresses? _cidrAddresses;
    private string? _podCidr;

    private bool _registering;
    private bool _registered;
    private string? _nodeUid;
    private long _nodeRevision;
    private string _observedFingerprint = "";
    private IReadOnlyList<NodeConditionState> _observedConditions = [];

    private bool _renewing;
    private string? _leaseVersion;
    private int _leaseFailures;

    private bool _posting;
    private string _postedFingerprint = "";
    private long _lastStatusPost;
    private int _statusFailures;

    public HollowNode(IKubeClient client, HollowKubeletSettings settings, HollowNodeIdentity identity)
    {
        _client = client;
        _settings = settings;
        _identity = identity;
        _loopbackAddresses = new PodAddresses(identity.LoopbackPodRange);
        _registerBackoff = new RetryBackoff(settings.RetryInitial, settings.RetryMax);
        _leaseBackoff = new RetryBackoff(settings.RetryInitial, settings.RetryMax);

        Receive<Register>(_ => StartRegistration());
        Receive<Registered>(OnRegistered);
        Receive<RegistrationFailed>(OnRegistrationFailed);
        Receive<RenewLease>(_ => StartLeaseRenewal());
        Receive<LeaseRenewed>(OnLeaseRenewed);
        Receive<LeaseRenewFailed>(OnLeaseRenewFailed);
        Receive<SyncStatus>(_ => SyncNodeStatus());
        Receive<StatusPosted>(OnStatusPosted);
        Receive<StatusPostFailed>(OnStatusPostFailed);
        Receive<NodeObserved>(m => Observe(m.Node));
        Receive<PodsListed>(OnPodsListed);
        Receive<PodObserved>(m => Observe(m.Pod));
        Receive<PodGone>(m => Forget(m.Uid));
        Receive<RetryPod>(m => Evaluate(m.Uid));
        Receive<PodStarted>(OnPodStarted);
        Receive<PodStartFailed>(OnPodStartFailed);
        Receive<StopPod>(m => StartRemoval(m.Uid));
        Receive<PodRemoved>(m => Forget(m.Uid));
        Receive<PodRemoveFailed>(OnPodRemoveFailed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IKubeClient client, HollowKubeletSettings settings, HollowNodeIdentity identity) =>
        Akka.Actor.Props.Create(() => new HollowNode(client, settings, identity));

    protected override void PreStart() => Self.Tell(new Register());

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    // ---- registration -------------------------------------------------------------------------------

    private void StartRegistration()
    {
        if (_registering)
        {
            return;
        }

        _registering = true;
        var (client, settings, identity) = (_client, _settings, _identity);
        Run(async ct =>
        {
            JsonObject node;
            try
            {
                node = await client.CreateAsync(ResourceRef.Nodes, HollowNodeObject.Node(identity, settings, DateTimeOffset.UtcNow), ct).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                // The Node is there already (the simulator ran before, or someone made it): adopt it, putting
                // back the labels a kubelet owns, as the kubelet does when it finds its Node registered.
                var labels = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = HollowNodeObject.Labels(identity.Name, settings) } };
                node = await client.PatchAsync(ResourceRef.Nodes, null, identity.Name, PatchType.Merge, labels, null, ct).ConfigureAwait(false);
            }

            var posted = await PostStatusAsync(client, settings, identity, KubeObject.Uid(node), HollowNodeObject.Conditions(node), ct).ConfigureAwait(false);
            return new Registered(ObservedNode.FromObject(posted));
        }, e => new RegistrationFailed(e.Message));
    }

    private void OnRegistered(Registered registered)
    {
        _registering = false;
        _registered = true;
        _registerBackoff.Reset();
        _nodeUid = registered.Node.Uid;
        _postedFingerprint = registered.Node.StatusFingerprint;
        _lastStatusPost = Stopwatch.GetTimestamp();
        Observe(registered.Node);
        _log.Debug("node {0} registered", _identity.Name);
        Context.Parent.Tell(new HollowNodeRegistered(_identity.Name));

        Self.Tell(new RenewLease());

        // Spread over the period, so thousands of nodes do not post their status in the same instant.
        var frequency = _settings.NodeStatusUpdateFrequency;
        Timers.StartPeriodicTimer(StatusTimer, new SyncStatus(), TimeSpan.FromTicks(Random.Shared.NextInt64(frequency.Ticks)), frequency);

        foreach (var uid in _pods.Keys.ToList())
        {
            Evaluate(uid);
        }
    }

    private void OnRegistrationFailed(RegistrationFailed failed)
    {
        _registering = false;
        var delay = _registerBackoff.Next();
        _log.Warning("node {0} could not register ({1}); retrying in {2}", _identity.Name, failed.Reason, delay);
        Timers.StartSingleTimer(RegisterTimer, new Register(), delay);
    }

    // ---- node lease ---------------------------------------------------------------------------------

    private void StartLeaseRenewal()
    {
        if (_renewing)
        {
            return;
        }

        _renewing = true;
        var (client, name, uid, duration, version) = (_client, _identity.Name, _nodeUid, _settings.LeaseDuration, _leaseVersion);
        Run(async ct =>
        {
            if (version is null)
            {
                try
                {
                    var created = await client.CreateAsync(ResourceRef.Leases, NodeLeaseObject.Lease(name, uid, duration, DateTimeOffset.UtcNow, null), ct).ConfigureAwait(false);
                    return new LeaseRenewed(KubeObject.ResourceVersion(created));
                }
                catch (KubeApiException e) when (e.IsAlreadyExists)
                {
                    var current = await client.GetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, name, ct).ConfigureAwait(false);
                    version = KubeObject.ResourceVersion(current);
                }
            }

            var renewed = await client.UpdateAsync(ResourceRef.Leases, NodeLeaseObject.Lease(name, uid, duration, DateTimeOffset.UtcNow, version), ct).ConfigureAwait(false);
            return new LeaseRenewed(KubeObject.ResourceVersion(renewed));
        }, e => new LeaseRenewFailed(e.Message, Forget: e is KubeApiException { IsConflict: true } or KubeApiException { IsNotFound: true }));
    }

    private void OnLeaseRenewed(LeaseRenewed renewed)
    {
        _renewing = false;
        _leaseVersion = renewed.ResourceVersion;
        _leaseBackoff.Reset();
        if (_leaseFailures > 0)
        {
            _log.Info("node {0} renewed its lease again after {1} failures", _identity.Name, _leaseFailures);
            _leaseFailures = 0;
        }

        // Kubernetes' lease controller renews every renew-interval plus up to 4% (wait.JitterUntil, factor 0.04):
        // nodes that started together drift apart instead of renewing in the same instant forever.
        var interval = _settings.LeaseRenewInterval;
        Timers.StartSingleTimer(LeaseTimer, new RenewLease(), interval + (interval * (0.04 * Random.Shared.NextDouble())));
    }

    private void OnLeaseRenewFailed(LeaseRenewFailed failed)
    {
        _renewing = false;
        if (failed.Forget)
        {
            _leaseVersion = null;
        }

        var delay = _leaseBackoff.Next();
        if (_leaseFailures++ == 0)
        {
            _log.Warning("node {0} could not renew its lease ({1}); retrying with back-off", _identity.Name, failed.Reason);
        }

        Timers.StartSingleTimer(LeaseTimer, new RenewLease(), delay);
    }

    // ---- node status --------------------------------------------------------------------------------

    private void SyncNodeStatus()
    {
        if (!_registered || _posting || _registering)
        {
            return;
        }

        // Posted when the API holds something else than what was posted last (another writer changed it), and
        // often enough that the Ready condition's heartbeat is never older than the report frequency.
        var changed = _observedFingerprint != _postedFingerprint;
        var due = Stopwatch.GetElapsedTime(_lastStatusPost) + _settings.NodeStatusUpdateFrequency > _settings.NodeStatusReportFrequency;
        if (!changed && !due)
        {
            return;
        }

        _posting = true;
        var (client, settings, identity, uid, conditions) = (_client, _settings, _identity, _nodeUid, _observedConditions);
        Run(
            async ct => new StatusPosted(ObservedNode.FromObject(await PostStatusAsync(client, settings, identity, uid, conditions, ct).ConfigureAwait(false))),
            e => new StatusPostFailed(e.Message));
    }

    private void OnStatusPosted(StatusPosted posted)
    {
        _posting = false;
        _postedFingerprint = posted.Node.StatusFingerprint;
        _lastStatusPost = Stopwatch.GetTimestamp();
        _statusFailures = 0;
        Observe(posted.Node);
    }

    private void OnStatusPostFailed(StatusPostFailed failed)
    {
        _posting = false;
        if (_statusFailures++ == 0)
        {
            _log.Warning("node {0} could not post its status ({1}); trying again every {2}", _identity.Name, failed.Reason, _settings.NodeStatusUpdateFrequency);
        }
    }

    private void Observe(ObservedNode node)
    {
        if (node.ResourceVersion <= _nodeRevision)
        {
            return;
        }

        _nodeRevision = node.ResourceVersion;
        _observedFingerprint = node.StatusFingerprint;
        _observedConditions = node.Conditions;
        if (node.PodCidr != _podCidr)
        {
            UsePodCidr(node.PodCidr);
        }
    }

    /// <summary>Pods get addresses from the node's podCIDR from now on; addresses pods already hold there stay taken.</summary>
    private void UsePodCidr(string? podCidr)
    {
        _podCidr = podCidr;
        _cidrAddresses = Ipv4Cidr.TryParse(podCidr, out var range) && range.PrefixLength <= 30 ? new PodAddresses(range) : null;
        if (_cidrAddresses is null)
        {
            return;
        }

        foreach (var pod in _pods.Values)
        {
            if (pod.Address is not null)
            {
                _cidrAddresses.Reserve(pod.Address);
            }
        }

        _log.Debug("node {0} gives pods addresses from {1}", _identity.Name, range);
    }

    // ---- pods ---------------------------------------------------------------------------------------

    private void OnPodsListed(PodsListed listed)
    {
        // Every address the listed pods hold is taken before any listed pod gets a new one.
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in listed.Pods)
        {
            present.Add(pod.Uid);
            Track(pod);
        }

        foreach (var uid in _pods.Keys.Where(uid => !present.Contains(uid)).ToList())
        {
            Forget(uid);
        }

        foreach (var uid in present)
        {
            Evaluate(uid);
        }
    }

    private void Observe(BoundPod pod)
    {
        if (Track(pod))
        {
            Evaluate(pod.Uid);
        }
    }

    /// <summary>Keeps the newest version of a pod; false when <paramref name="pod"/> is older than the one known.</summary>
    private bool Track(BoundPod pod)
    {
        if (_pods.TryGetValue(pod.Uid, out var tracked))
        {
            if (pod.ResourceVersion < tracked.Pod.ResourceVersion)
            {
                return false;
            }

            tracked.Pod = pod;
            return true;
        }

        tracked = new TrackedPod(pod, new RetryBackoff(_settings.RetryInitial, _settings.RetryMax));
        _pods[pod.Uid] = tracked;

        // A pod already running here (the simulator started again) keeps its address, and no other pod gets it.
        if (!pod.HostNetwork && pod.PodIp is { } ip && IPAddress.TryParse(ip, out var address))
        {
            tracked.Address = address;
            _loopbackAddresses.Reserve(address);
            _cidrAddresses?.Reserve(address);
        }

        return true;
    }

    private void Evaluate(string uid)
    {
        if (!_registered || !_pods.TryGetValue(uid, out var tracked))
        {
            return;
        }

        var pod = tracked.Pod;
        if (pod.Deleting)
        {
            if (!tracked.StopScheduled)
            {
                // The containers "stop" in the simulated stop time, or at once when the grace period is shorter.
                tracked.StopScheduled = true;
                var grace = TimeSpan.FromSeconds(Math.Max(0, pod.DeletionGracePeriodSeconds ?? 0));
                Timers.StartSingleTimer(StopKey(uid), new StopPod(uid), grace < _settings.PodStopTime ? grace : _settings.PodStopTime);
            }

            return;
        }

        // Our own write comes back as an event: an older event, or one showing the pod running, needs nothing.
        if (pod.Finished || pod.ReportedRunning || tracked.Starting || pod.ResourceVersion <= tracked.StartedRevision)
        {
            return;
        }

        // A host-network pod has its node's address, as with a real kubelet; others get one of the node's pod addresses.
        var podIp = pod.HostNetwork ? _identity.Address : (tracked.Address ??= (_cidrAddresses ?? _loopbackAddresses).Allocate())?.ToString();
        if (podIp is null)
        {
            _log.Warning("node {0} has no pod address left for {1}/{2}", _identity.Name, pod.Namespace, pod.Name);
            return;
        }

        tracked.Starting = true;
        var patch = HollowPodStatus.RunningPatch(pod, podIp, _identity.Address, _settings.RuntimeScheme, DateTimeOffset.UtcNow);
        var client = _client;
        Run(
            async ct =>
            {
                var updated = await client.PatchAsync(ResourceRef.Pods, pod.Namespace, pod.Name, PatchType.Merge, patch, "status", ct).ConfigureAwait(false);
                return new PodStarted(uid, BoundPod.Revision(KubeObject.ResourceVersion(updated)));
            },
            e => new PodStartFailed(uid, e.Message, Gone: e is KubeApiException { IsNotFound: true } or KubeApiException { IsConflict: true }));
    }

    private void OnPodStarted(PodStarted started)
    {
        if (_pods.TryGetValue(started.Uid, out var tracked))
        {
            tracked.Starting = false;
            tracked.StartedRevision = Math.Max(tracked.StartedRevision, started.Revision);
            tracked.Backoff.Reset();
            Evaluate(started.Uid);
        }
    }

    private void OnPodStartFailed(PodStartFailed failed)
    {
        if (!_pods.TryGetValue(failed.Uid, out var tracked))
        {
            return;
        }

        tracked.Starting = false;
        if (failed.Gone)
        {
            // Deleted, or replaced by a pod of the same name: the watch tells what became of it.
            return;
        }

        var delay = tracked.Backoff.Next();
        _log.Warning("node {0} could not report pod {1}/{2} running ({3}); retrying in {4}", _identity.Name, tracked.Pod.Namespace, tracked.Pod.Name, failed.Reason, delay);
        Timers.StartSingleTimer(RetryKey(failed.Uid), new RetryPod(failed.Uid), delay);
    }

    private void StartRemoval(string uid)
    {
        if (!_pods.TryGetValue(uid, out var tracked))
        {
            return;
        }

        // Its containers have stopped: the pod goes for good, and only this pod (not one of the same name made since).
        var (client, pod) = (_client, tracked.Pod);
        Run(
            async ct =>
            {
                await client.DeleteAsync(ResourceRef.Pods, pod.Namespace, pod.Name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = uid }, ct).ConfigureAwait(false);
                return new PodRemoved(uid);
            },
            e => e is KubeApiException { IsNotFound: true } or KubeApiException { IsConflict: true } ? new PodRemoved(uid) : new PodRemoveFailed(uid, e.Message));
    }

    private void OnPodRemoveFailed(PodRemoveFailed failed)
    {
        if (_pods.TryGetValue(failed.Uid, out var tracked))
        {
            var delay = tracked.Backoff.Next();
            _log.Warning("node {0} could not remove pod {1}/{2} ({3}); retrying in {4}", _identity.Name, tracked.Pod.Namespace, tracked.Pod.Name, failed.Reason, delay);
            Timers.StartSingleTimer(StopKey(failed.Uid), new StopPod(failed.Uid), delay);
        }
    }

    private void Forget(string uid)
    {
        if (!_pods.Remove(uid, out var tracked))
        {
            return;
        }

        Timers.Cancel(StopKey(uid));
        Timers.Cancel(RetryKey(uid));
        if (tracked.Address is { } address)
        {
            _cidrAddresses?.Release(address);
            _loopbackAddresses.Release(address);
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    private static async Task<JsonObject> PostStatusAsync(IKubeClient client, HollowKubeletSettings settings, HollowNodeIdentity identity,
        string? uid, IReadOnlyList<NodeConditionState> observed, CancellationToken ct)
    {
        // metadata.uid: the status goes to this Node only, not to one of the same name made since.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["uid"] = uid },
            ["status"] = HollowNodeObject.Status(identity, settings, observed, DateTimeOffset.UtcNow),
        };
        return await client.PatchAsync(ResourceRef.Nodes, null, identity.Name, PatchType.Merge, patch, "status", ct).ConfigureAwait(false);
    }

    /// <summary>Runs API work off the actor's thread; its outcome, success or failure, comes back as a message.</summary>
    private void Run(Func<CancellationToken, Task<object>> work, Func<Exception, object> failure) =>
        _ = RunAsync(Self, work, failure, _stop.Token);

    private static async Task RunAsync(IActorRef self, Func<CancellationToken, Task<object>> work, Func<Exception, object> failure, CancellationToken token)
    {
        object outcome;
        try
        {
            outcome = await work(token).ConfigureAwait(false);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The node has stopped: nobody is left to tell.
            return;
        }
        catch (Exception e)
        {
            outcome = failure(e);
        }

        self.Tell(outcome, ActorRefs.NoSender);
    }

    private static string StopKey(string uid) => "stop/" + uid;

    private static string RetryKey(string uid) => "retry/" + uid;

    /// <summary>What the node keeps per pod: the latest version seen, its address and where its status stands.</summary>
    private sealed class TrackedPod(BoundPod pod, RetryBackoff backoff)
    {
        public BoundPod Pod { get; set; } = pod;

        public RetryBackoff Backoff { get; } = backoff;

        public IPAddress? Address { get; set; }

        /// <summary>A Running status is on its way to the API.</summary>
        public bool Starting { get; set; }

        /// <summary>The revision our Running status was written at: events up to it are older news.</summary>
        public long StartedRevision { get; set; }

        public bool StopScheduled { get; set; }
    }

    internal sealed record Register;

    internal sealed record Registered(ObservedNode Node);

    internal sealed record RegistrationFailed(string Reason);

    internal sealed record RenewLease;

    internal sealed record LeaseRenewed(string? ResourceVersion);

    internal sealed record LeaseRenewFailed(string Reason, bool Forget);

    internal sealed record SyncStatus;

    internal sealed record StatusPosted(ObservedNode Node);

    internal sealed record StatusPostFailed(string Reason);

    internal sealed record RetryPod(string Uid);

    internal sealed record PodStarted(string Uid, long Revision);

    internal sealed record PodStartFailed(string Uid, string Reason, bool Gone);

    internal sealed record StopPod(string Uid);

    internal sealed record PodRemoved(string Uid);

    internal sealed record PodRemoveFailed(string Uid, string Reason);
}
