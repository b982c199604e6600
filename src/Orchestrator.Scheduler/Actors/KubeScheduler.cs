using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.LeaderElection;

namespace Orchestrator.Scheduler.Actors;

/// <summary>
/// kube-scheduler with leader election: holds the kube-system/kube-scheduler Lease through a
/// <see cref="LeaderElector"/> and runs the <see cref="SchedulerActor"/> as a child while it holds it, so two
/// schedulers never bind at once (a new leader starts from fresh informers, never from the old one's
/// assumptions). Runs as a cluster singleton (<see cref="KubeSchedulerSingleton"/>). Messages for the
/// scheduling loop (<see cref="GetSchedulerStats"/>, <see cref="ExplainPod"/>) are forwarded to it while it runs.
/// </summary>
public sealed class KubeScheduler : ReceiveActor, IWithTimers
{
    public const string LeaseNamespace = "kube-system";
    public const string LeaseName = "kube-scheduler";

    private const string StopTimer = "stop";

    private readonly IKubeClient _client;
    private readonly KubeSchedulerSettings _settings;
    private readonly string _identity;
    private readonly Func<Props>? _schedulerProps;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _elector = ActorRefs.Nobody;
    private IActorRef? _scheduler;
    private bool _leading;
    private int _term;

    public KubeScheduler(IKubeClient client, KubeSchedulerSettings settings, string? identity = null, Func<Props>? schedulerProps = null)
    {
        _client = client;
        _settings = settings;
        _identity = identity ?? LeaderElectionConfig.NewIdentity();
        _schedulerProps = schedulerProps;
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="identity">The Lease holder identity; null: the host name and a unique id.</param>
    /// <param name="schedulerProps">Makes the scheduling loop (tests); null: a <see cref="SchedulerActor"/> on these settings.</param>
    public static Props Props(IKubeClient client, KubeSchedulerSettings settings, string? identity = null, Func<Props>? schedulerProps = null) =>
        Akka.Actor.Props.Create(() => new KubeScheduler(client, settings, identity, schedulerProps));

    protected override void PreStart()
    {
        var election = new LeaderElectionConfig(LeaseNamespace, LeaseName, _identity, _settings.LeaderElection);
        _elector = Context.ActorOf(LeaderElector.Props(_client, election, Self), "leader-elector");
    }

    private void Running()
    {
        Receive<StartedLeading>(_ =>
        {
            _leading = true;
            StartOnceStopped();
        });
        Receive<StoppedLeading>(_ =>
        {
            _log.Warning("leadership lost: scheduling stops until it is regained");
            _leading = false;
            StopScheduler();
        });
        Receive<NewLeader>(m => _log.Info("the scheduler's leader is now {0}", m.Identity.Length > 0 ? m.Identity : "nobody"));
        Receive<Terminated>(m =>
        {
            if (m.ActorRef.Equals(_scheduler))
            {
                _scheduler = null;
                StartOnceStopped();
            }
        });
        Receive<StopKubeScheduler>(_ => Stop());
        Receive<GetSchedulerStats>(m => Forward(m));
        Receive<ExplainPod>(m => Forward(m));
    }

    private void Forward(object message)
    {
        if (_scheduler is not null && _leading)
        {
            _scheduler.Forward(message);
        }
        else
        {
            Sender.Tell(new Status.Failure(new InvalidOperationException($"{_identity} is not leading: it does not schedule")));
        }
    }

    /// <summary>The scheduling loop, then the Lease, then this actor; bounded by the shutdown timeout.</summary>
    private void Stop()
    {
        Timers.StartSingleTimer(StopTimer, StopTimedOut.Instance, _settings.ShutdownTimeout);
        _leading = false;
        StopScheduler();
        Become(() =>
        {
            Receive<Terminated>(m =>
            {
                if (m.ActorRef.Equals(_scheduler))
                {
                    _scheduler = null;
                }

                ReleaseOnceStopped();
            });
            Receive<LeaseReleased>(_ => Context.Stop(Self));
            Receive<StopTimedOut>(_ =>
            {
                _log.Warning("the scheduler did not stop within {0}; stopping anyway", _settings.ShutdownTimeout);
                Context.Stop(Self);
            });
            ReceiveAny(_ => { });
        });
        ReleaseOnceStopped();
    }

    private void ReleaseOnceStopped()
    {
        if (_scheduler is null)
        {
            _elector.Tell(ReleaseLease.Instance);
        }
    }

    /// <summary>Starts the scheduling loop while leading, once that of an earlier term has stopped.</summary>
    private void StartOnceStopped()
    {
        if (!_leading || _scheduler is not null)
        {
            return;
        }

        var props = _schedulerProps?.Invoke() ?? SchedulerActor.Props(_client, _settings);
        _scheduler = Context.ActorOf(props, $"scheduler-{++_term}");
        Context.Watch(_scheduler);
        _log.Info("leading as {0}: scheduling", _identity);
    }

    private void StopScheduler()
    {
        if (_scheduler is not null)
        {
            Context.Stop(_scheduler);
        }
    }

    private sealed record StopTimedOut
    {
        public static readonly StopTimedOut Instance = new();
    }
}
