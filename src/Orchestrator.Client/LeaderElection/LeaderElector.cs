using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Events;
using Orchestrator.Client.WorkQueues;

namespace Orchestrator.Client.LeaderElection;

/// <summary>
/// Holds a coordination.k8s.io Lease for one candidate (client-go's LeaderElector with a LeaseLock), so
/// <c>kubectl get lease -n kube-system</c> shows who leads. A candidate tries every retry period (with jitter);
/// it takes the Lease when it does not exist, names no holder, or has not changed for its leaseDurationSeconds
/// as measured on this candidate's own clock since it last saw it change (so clocks of different machines need
/// not agree). The leader renews every retry period; if it has not managed to for the renew deadline it tells
/// <see cref="StoppedLeading"/> (before others may take over) and competes again. <see cref="ReleaseLease"/>
/// gives the Lease up at once, for a quick hand-over; a candidate that just stops lets it lapse.
/// The results go to the actor given as <c>notify</c>: <see cref="StartedLeading"/>, <see cref="StoppedLeading"/>, <see cref="NewLeader"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class LeaderElector : ReceiveActor, IWithTimers
{
    private const string TryTimer = "try";

    // client-go's JitterFactor for acquisition: candidates wait between 1 and 2.2 retry periods.
    private const double JitterFactor = 1.2;

    private readonly IKubeClient _client;
    private readonly LeaderElectionConfig _config;
    private readonly IActorRef _notify;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private LeaderElectionRecord? _observed;
    private string? _observedRaw;
    private DateTimeOffset _observedTime;
    private DateTimeOffset _lastRenew;

    public LeaderElector(IKubeClient client, LeaderElectionConfig config, IActorRef notify, TimeProvider? clock = null)
    {
        _client = client;
        _config = config;
        _notify = notify;
        _clock = clock ?? new SchedulerTimeProvider(Context.System.Scheduler);
        Candidate();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private LeaderElectionSettings Settings => _config.Settings;

    public static Props Props(IKubeClient client, LeaderElectionConfig config, IActorRef notify, TimeProvider? clock = null) =>
        Akka.Actor.Props.Create(() => new LeaderElector(client, config, notify, clock));

    protected override void PreStart() => Self.Tell(Try.Instance);

    // Cancelled, not disposed: an attempt in flight may still link to its token.
    protected override void PostStop() => _stop.Cancel();

    private void Candidate()
    {
        ReceiveAsync<Try>(async _ =>
        {
            if (await TryAcquireOrRenewAsync())
            {
                _lastRenew = _clock.GetUtcNow();
                _log.Info("{0} acquired lease {1}/{2}", _config.Identity, _config.LeaseNamespace, _config.LeaseName);
                _notify.Tell(new StartedLeading(_config.Identity));
                Become(Leader);
                Timers.StartSingleTimer(TryTimer, Try.Instance, Settings.RetryPeriod);
                return;
            }

            Timers.StartSingleTimer(TryTimer, Try.Instance, Settings.RetryPeriod * (1 + (Random.Shared.NextDouble() * JitterFactor)));
        });
        ReceiveRelease(leading: false);
    }

    private void Leader()
    {
        ReceiveAsync<Try>(async _ =>
        {
            if (await TryAcquireOrRenewAsync())
            {
                _lastRenew = _clock.GetUtcNow();
            }
            else if (_clock.GetUtcNow() - _lastRenew >= Settings.RenewDeadline)
            {
                _log.Warning("{0} failed to renew lease {1}/{2} within {3}: stopped leading", _config.Identity, _config.LeaseNamespace, _config.LeaseName, Settings.RenewDeadline);
                _notify.Tell(new StoppedLeading(_config.Identity));
                Become(Candidate);
            }

            Timers.StartSingleTimer(TryTimer, Try.Instance, Settings.RetryPeriod);
        });
        ReceiveRelease(leading: true);
    }

    private void Released()
    {
        Receive<Try>(_ => { });
        Receive<ReleaseLease>(_ => Sender.Tell(LeaseReleased.Instance));
    }

    private void ReceiveRelease(bool leading) => ReceiveAsync<ReleaseLease>(async _ =>
    {
        var sender = Sender;
        Timers.CancelAll();
        if (leading)
        {
            await ReleaseAsync();
        }

        Become(Released);
        sender.Tell(LeaseReleased.Instance);
    });

    /// <summary>One attempt (client-go's tryAcquireOrRenew): true when this candidate holds the Lease afterwards.</summary>
    private async Task<bool> TryAcquireOrRenewAsync()
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        attempt.CancelAfter(Settings.RenewDeadline);
        var now = _clock.GetUtcNow();
        try
        {
            JsonObject lease;
            try
            {
                lease = await _client.GetAsync(ResourceRef.Leases, _config.LeaseNamespace, _config.LeaseName, attempt.Token);
            }
            catch (KubeApiException e) when (e.IsNotFound)
            {
                var created = await _client.CreateAsync(ResourceRef.Leases, NewLease(Record(now, now, 0)), attempt.Token);
                Observe(created, now);
                return true;
            }

            Observe(lease, now);
            var observed = _observed!;
            var isLeader = observed.HolderIdentity == _config.Identity;
            if (observed.HolderIdentity.Length > 0 && !isLeader && _observedTime + TimeSpan.FromSeconds(observed.LeaseDurationSeconds) > now)
            {
                _log.Debug("lease {0}/{1} is held by {2}", _config.LeaseNamespace, _config.LeaseName, observed.HolderIdentity);
                return false;
            }

            var record = isLeader
                ? Record(observed.AcquireTime ?? now, now, observed.LeaderTransitions)
                : Record(now, now, observed.LeaderTransitions + 1);
            record.WriteTo(lease);
            Observe(await _client.UpdateAsync(ResourceRef.Leases, lease, attempt.Token), now);
            return true;
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException or IOException || (e is OperationCanceledException && !_stop.IsCancellationRequested))
        {
            _log.Info("{0} could not acquire or renew lease {1}/{2}: {3}", _config.Identity, _config.LeaseNamespace, _config.LeaseName, e.Message);
            return false;
        }
    }

    /// <summary>Gives the Lease up as client-go's ReleaseOnCancel does: no holder, a one-second duration.</summary>
    private async Task ReleaseAsync()
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        attempt.CancelAfter(Settings.RenewDeadline);
        try
        {
            var lease = await _client.GetAsync(ResourceRef.Leases, _config.LeaseNamespace, _config.LeaseName, attempt.Token);
            if (LeaderElectionRecord.FromLease(lease).HolderIdentity != _config.Identity)
            {
                return;
            }

            var now = _clock.GetUtcNow();
            new LeaderElectionRecord("", 1, now, now, _observed?.LeaderTransitions ?? 0).WriteTo(lease);
            await _client.UpdateAsync(ResourceRef.Leases, lease, attempt.Token);
            _log.Info("{0} released lease {1}/{2}", _config.Identity, _config.LeaseNamespace, _config.LeaseName);
        }
        catch (Exception e) when (e is KubeApiException or HttpRequestException or TimeoutException or IOException or OperationCanceledException)
        {
            // It lapses after its duration instead.
            _log.Info("{0} could not release lease {1}/{2}: {3}", _config.Identity, _config.LeaseNamespace, _config.LeaseName, e.Message);
        }
    }

    /// <summary>Notes the Lease as seen now; its time of change is what expiry is measured from.</summary>
    private void Observe(JsonObject lease, DateTimeOffset now)
    {
        var raw = (lease["spec"] as JsonObject)?.ToJsonString() ?? "";
        if (raw == _observedRaw)
        {
            return;
        }

        var previous = _observed?.HolderIdentity;
        _observedRaw = raw;
        _observedTime = now;
        _observed = LeaderElectionRecord.FromLease(lease);
        if (_observed.HolderIdentity != previous)
        {
            _notify.Tell(new NewLeader(_observed.HolderIdentity));
        }
    }

    private LeaderElectionRecord Record(DateTimeOffset acquired, DateTimeOffset renewed, int transitions) =>
        new(_config.Identity, Math.Max(1, (int)Math.Ceiling(Settings.LeaseDuration.TotalSeconds)), acquired, renewed, transitions);

    private JsonObject NewLease(LeaderElectionRecord record)
    {
        var lease = new JsonObject
        {
            ["apiVersion"] = ResourceRef.Leases.ApiVersion,
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = _config.LeaseName, ["namespace"] = _config.LeaseNamespace },
        };
        record.WriteTo(lease);
        return lease;
    }

    private sealed record Try
    {
        public static readonly Try Instance = new();
    }
}
