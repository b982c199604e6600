using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Kubelet.Node;
using Orchestrator.Kubelet.Pods.Probes;
using Orchestrator.Kubelet.Pods.Volumes;
using Orchestrator.Kubelet.Runtime;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// One pod on this node (the kubelet's pod worker): a level-driven sync that makes the runtime match the pod's spec
/// — adopting the sandbox and containers a previous kubelet left, or creating them; pulling images; running init
/// containers in order, then the containers; restarting per restartPolicy with the crash-loop back-off — runs its
/// probes and hooks, reports the pod's status, and on deletion stops everything within the grace period, deletes
/// the pod from the API and stops itself. Every trigger (a new pod version, a container event, a timer, a probe
/// result) only asks for a sync; a sync is one pass that looks at everything.
/// </summary>
public sealed partial class PodActor : ReceiveActor, IWithTimers
{
    private const string TimedSyncKey = "timed-sync";
    private readonly PodActorContext _context;
    private readonly IContainerRuntime _runtime;
    private readonly IKubeClient _client;
    private readonly PodSettings _settings;
    private readonly TimeProvider _clock;
    private readonly HandlerRunner _handlers;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _uid;
    private readonly string _ns;
    private readonly string _name;
    private readonly string _podDirectory;
    private readonly Dictionary<string, ContainerRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset Until)> _imageBackoff = new(StringComparer.Ordinal);
    private EventRecorder _events = null!;

    // The pod as last seen, and the copy the kubelet acts on (with the service-account volume).
    private JsonObject _pod;
    private JsonObject? _effectivePod;
    private string? _sandboxId;
    private string? _podIp;
    private Dictionary<string, string>? _volumes;
    private DateTimeOffset _volumesWritten;
    private DateTimeOffset _tokensWritten;
    private bool _syncRequested;
    private DateTimeOffset? _nextTimedSync;
    private bool _sandboxStopped;
    private bool _removedFromApi;
    private StopPodForShutdown? _shutdown;

    public PodActor(PodActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _runtime = context.Runtime;
        _client = context.Client;
        _settings = PodSettings.From(context.Settings);
        _clock = TimeProvider.System;
        _handlers = new HandlerRunner(_runtime);
        _pod = context.Pod;
        _uid = KubeObject.Uid(_pod) ?? "";
        _ns = KubeObject.Namespace(_pod) ?? "default";
        _name = KubeObject.Name(_pod) ?? "";
        _podDirectory = _settings.PodDirectory(_uid);

        Receive<PodSpecChanged>(changed =>
        {
            if (KubeObject.Uid(changed.Pod) == _uid)
            {
                _pod = changed.Pod;
                RequestSync();
            }
        });
        Receive<PodRemovedFromApi>(removed =>
        {
            if (removed.Uid == _uid)
            {
                _removedFromApi = true;
                RequestSync();
            }
        });
        Receive<StopPodForShutdown>(shutdown =>
        {
            _shutdown = shutdown;
            RequestSync();
        });
        Receive<ContainerEventObserved>(observed =>
        {
            if (observed.Event.Labels.TryGetValue(RuntimeLabels.PodUid, out var uid) && uid == _uid)
            {
                RequestSync();
            }
        });
        Receive<ProbeTick>(OnProbeTick);
        Receive<ProbeCompleted>(OnProbeCompleted);
        ReceiveAsync<SyncPod>(_ => SyncAsync());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(PodActorContext context) => Akka.Actor.Props.Create(() => new PodActor(context));

    protected override void PreStart()
    {
        // Each pod's Events go through a broadcaster of its own, a child that ends with the pod.
        _events = new EventRecorder(
            Context.ActorOf(EventBroadcaster.Props(_client, new EventSettings()), "events"),
            new EventSource("kubelet", _context.Node.Name),
            _clock);
        Timers.StartPeriodicTimer("resync", SyncPod.Instance, _settings.SyncFrequency);
        RequestSync();
    }

    /// <summary>Asks for one sync, however many triggers arrive before it runs.</summary>
    private void RequestSync()
    {
        if (!_syncRequested)
        {
            _syncRequested = true;
            Self.Tell(SyncPod.Instance);
        }
    }

    /// <summary>Asks for a sync at <paramref name="at"/> (a back-off's end), keeping the earliest such time.</summary>
    private void SyncAt(DateTimeOffset at)
    {
        if (_nextTimedSync is { } next && next <= at && next > _clock.GetUtcNow())
        {
            return;
        }

        _nextTimedSync = at;
        var delay = at - _clock.GetUtcNow();
        Timers.StartSingleTimer(TimedSyncKey, SyncPod.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.FromMilliseconds(1));
    }

    private void Event(string? container, string type, string reason, string message)
    {
        try
        {
            var reference = ObjectReference.From(_pod) with { FieldPath = container is null ? null : PodSpecs.FieldPath(_pod, container) };
            _events.Event(reference, type, reason, message);
        }
        catch (ArgumentException)
        {
            // A pod object without kind (a test's bare pod): events need one, the rest does not.
            _events.Event(new ObjectReference("Pod", _ns, _name) { Uid = _uid, ApiVersion = "v1", FieldPath = container is null ? null : PodSpecs.FieldPath(_pod, container) }, type, reason, message);
        }
    }

    private JsonObject Pod => _effectivePod ?? _pod;

    private static CancellationToken None => CancellationToken.None;

    /// <summary>Asks the actor for one sync pass.</summary>
    private sealed record SyncPod
    {
        public static SyncPod Instance { get; } = new();
    }

    /// <summary>Time for a container's probe to run.</summary>
    private sealed record ProbeTick(string ContainerId, string Container, ProbeKind Kind);

    /// <summary>A probe's handler finished.</summary>
    private sealed record ProbeCompleted(string ContainerId, string Container, ProbeKind Kind, HandlerResult Result);
}
