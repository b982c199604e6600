using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Kubelet.Common;
using Orchestrator.Model.Objects;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// The node's heartbeat (Kubernetes' node lease controller): creates the node's Lease in kube-node-lease and
/// renews it every renew-interval (plus up to 4% jitter); while the API cannot be reached it retries after a
/// back-off that doubles from 200 ms to 7 s, and renews on the normal interval again once it succeeds.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor releases what it owns in PostStop.")]
public sealed class NodeLeaseActor : ReceiveActor, IWithTimers
{
    private const string Timer = "renew";

    private readonly IKubeClient _client;
    private readonly KubeletSettings _settings;
    private readonly string _nodeName;
    private readonly string? _nodeUid;
    private readonly RetryBackoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private string? _version;
    private int _failures;

    public NodeLeaseActor(IKubeClient client, KubeletSettings settings, string nodeName, string? nodeUid)
    {
        _client = client;
        _settings = settings;
        _nodeName = nodeName;
        _nodeUid = nodeUid;
        _backoff = new RetryBackoff(settings.RetryInitial, settings.RetryMax);
        Receive<Renew>(_ => RenewNow());
        Receive<Renewed>(OnRenewed);
        Receive<RenewFailed>(OnFailed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IKubeClient client, KubeletSettings settings, string nodeName, string? nodeUid) =>
        Akka.Actor.Props.Create(() => new NodeLeaseActor(client, settings, nodeName, nodeUid));

    protected override void PreStart() => Self.Tell(new Renew());

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void RenewNow()
    {
        var (client, name, uid, duration, version, token) = (_client, _nodeName, _nodeUid, _settings.LeaseDuration, _version, _stop.Token);
        RenewAsync().PipeTo(Self, failure: e => new RenewFailed(e.Message, e is KubeApiException { IsConflict: true } or KubeApiException { IsNotFound: true }));

        async Task<object> RenewAsync()
        {
            if (version is null)
            {
                try
                {
                    var created = await client.CreateAsync(ResourceRef.Leases, NodeLeaseObject.Lease(name, uid, duration, DateTimeOffset.UtcNow, null), token).ConfigureAwait(false);
                    return new Renewed(KubeObject.ResourceVersion(created));
                }
                catch (KubeApiException e) when (e.IsAlreadyExists)
                {
                    var current = await client.GetAsync(ResourceRef.Leases, NodeLeaseObject.Namespace, name, token).ConfigureAwait(false);
                    version = KubeObject.ResourceVersion(current);
                }
            }

            var renewed = await client.UpdateAsync(ResourceRef.Leases, NodeLeaseObject.Lease(name, uid, duration, DateTimeOffset.UtcNow, version), token).ConfigureAwait(false);
            return new Renewed(KubeObject.ResourceVersion(renewed));
        }
    }

    private void OnRenewed(Renewed renewed)
    {
        _version = renewed.ResourceVersion;
        _backoff.Reset();
        if (_failures > 0)
        {
            _log.Info("node {0} renewed its lease again after {1} failed attempts", _nodeName, _failures);
            _failures = 0;
        }

        var interval = _settings.LeaseRenewInterval;
        Timers.StartSingleTimer(Timer, new Renew(), interval + (interval * (0.04 * Random.Shared.NextDouble())));
    }

    private void OnFailed(RenewFailed failed)
    {
        if (failed.Forget)
        {
            _version = null;
        }

        // Every failure is logged with its delay, as Kubernetes' lease controller does ("will retry in 400ms"): the
        // back-off is what an operator sees of an unreachable API.
        var delay = _backoff.Next();
        _failures++;
        _log.Warning("node {0} could not renew its lease (attempt {1}: {2}); will retry in {3}ms", _nodeName, _failures, failed.Reason, (long)delay.TotalMilliseconds);

        Timers.StartSingleTimer(Timer, new Renew(), delay);
    }

    private sealed record Renew;

    private sealed record Renewed(string? ResourceVersion);

    private sealed record RenewFailed(string Reason, bool Forget);
}
