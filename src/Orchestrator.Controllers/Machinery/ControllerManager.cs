using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.Informers;
using Orchestrator.Client.LeaderElection;

namespace Orchestrator.Controllers.Machinery;

/// <summary>
/// kube-controller-manager as an actor: it owns the shared informers and the Event broadcaster, holds the
/// kube-system/kube-controller-manager Lease through a <see cref="LeaderElector"/>, and runs every registered
/// controller as a child while it holds the Lease. It runs as a cluster singleton
/// (<see cref="ControllerManagerSingleton"/>); the Lease shows who leads and keeps a new singleton from
/// starting its loops while the previous one may still run them.
/// </summary>
public sealed class ControllerManager : ReceiveActor, IWithTimers
{
    public const string LeaseNamespace = "kube-system";
    public const string LeaseName = "kube-controller-manager";

    private const string StopTimer = "stop";

    private readonly IKubeClient _client;
    private readonly IReadOnlyList<ControllerRegistration> _registrations;
    private readonly ControllerManagerSettings _settings;
    private readonly string _identity;
    private readonly TimeProvider? _clock;
    private readonly string _leaseName;
    private readonly Dictionary<IActorRef, string> _controllers = [];
    private readonly HashSet<IActorRef> _stopping = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ControllerContext? _context;
    private IActorRef _elector = ActorRefs.Nobody;
    private bool _leading;

    /// <param name="leaseName">The kube-system Lease it holds while it leads: kube-controller-manager, or cloud-controller-manager for the cloud loops.</param>
    public ControllerManager(IKubeClient client, IReadOnlyList<ControllerRegistration> controllers, ControllerManagerSettings settings, string? identity = null, TimeProvider? clock = null, string leaseName = LeaseName)
    {
        _leaseName = leaseName;
        _client = client;
        _registrations = controllers;
        _settings = settings;
        _identity = identity ?? LeaderElectionConfig.NewIdentity();
        _clock = clock;
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="identity">The Lease holder identity; null: the host name and a unique id.</param>
    /// <param name="leaseName">The kube-system Lease it holds while it leads.</param>
    public static Props Props(IKubeClient client, IReadOnlyList<ControllerRegistration> controllers, ControllerManagerSettings settings, string? identity = null, TimeProvider? clock = null, string leaseName = LeaseName) =>
        Akka.Actor.Props.Create(() => new ControllerManager(client, controllers, settings, identity, clock, leaseName));

    protected override void PreStart()
    {
        var broadcaster = Context.ActorOf(EventBroadcaster.Props(_client, _settings.Events), "events");
        var informers = new SharedInformerFactory(Context, _client, _settings.Informers);
        _context = new ControllerContext(_client, informers, broadcaster, _settings) { Clock = _clock };
        var election = new LeaderElectionConfig(LeaseNamespace, _leaseName, _identity, _settings.LeaderElection);
        _elector = Context.ActorOf(LeaderElector.Props(_client, election, Self, _clock), "leader-elector");
    }

    private void Running()
    {
        Receive<StartedLeading>(_ =>
        {
            _leading = true;
            StartControllersOnceStopped();
        });
        Receive<StoppedLeading>(_ =>
        {
            _log.Warning("leadership lost: stopping the controllers until it is regained");
            _leading = false;
            StopControllers();
        });
        Receive<NewLeader>(m => _log.Info("the {0} leader is now {1}", _leaseName, m.Identity.Length > 0 ? m.Identity : "nobody"));
        Receive<Terminated>(m =>
        {
            if (_controllers.Remove(m.ActorRef, out var name) && !_stopping.Remove(m.ActorRef))
            {
                _log.Warning("controller {0} stopped by itself", name);
            }

            StartControllersOnceStopped();
        });
        Receive<StopControllerManager>(_ => Stop());
    }

    /// <summary>Controllers first, then the Lease, then this actor; bounded by the shutdown timeout.</summary>
    private void Stop()
    {
        Timers.StartSingleTimer(StopTimer, StopTimedOut.Instance, _settings.ShutdownTimeout);
        _leading = false;
        StopControllers();
        Become(() =>
        {
            Receive<Terminated>(m =>
            {
                _controllers.Remove(m.ActorRef);
                ReleaseOnceStopped();
            });
            Receive<LeaseReleased>(_ => Context.Stop(Self));
            Receive<StopTimedOut>(_ =>
            {
                _log.Warning("the controller manager did not stop within {0}; stopping anyway", _settings.ShutdownTimeout);
                Context.Stop(Self);
            });
            ReceiveAny(_ => { });
        });
        ReleaseOnceStopped();
    }

    private void ReleaseOnceStopped()
    {
        if (_controllers.Count == 0)
        {
            _elector.Tell(ReleaseLease.Instance);
        }
    }

    /// <summary>Starts the controllers while leading, once those of an earlier term have stopped (their names are taken until then).</summary>
    private void StartControllersOnceStopped()
    {
        if (!_leading || _controllers.Count > 0)
        {
            return;
        }

        foreach (var registration in _registrations)
        {
            var controller = Context.ActorOf(registration.Props(_context!), registration.Name);
            Context.Watch(controller);
            _controllers[controller] = registration.Name;
        }

        _log.Info("leading as {0}: started {1}", _identity, string.Join(", ", _registrations.Select(r => r.Name)));
    }

    private void StopControllers()
    {
        foreach (var controller in _controllers.Keys)
        {
            _stopping.Add(controller);
            Context.Stop(controller);
        }
    }

    private sealed record StopTimedOut
    {
        public static readonly StopTimedOut Instance = new();
    }
}
