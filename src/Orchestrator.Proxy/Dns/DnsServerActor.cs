using Akka.Actor;
using Akka.Event;
using Orchestrator.Client;
using Orchestrator.Client.Informers;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// The cluster DNS (CoreDNS with its kubernetes plugin): watches Services and EndpointSlices through shared
/// informers and, on every change, rebuilds the immutable <see cref="DnsRecords"/> snapshot the
/// <see cref="ClusterDnsResponder"/> answers from. Changes arriving together are coalesced into one rebuild.
/// </summary>
public sealed class DnsServerActor : ReceiveActor
{
    private static readonly InformerKey Services = new(ResourceRef.Services);
    private static readonly InformerKey EndpointSlices = new(ResourceRef.EndpointSlices);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SharedInformerFactory _informers;
    private readonly ClusterDnsResponder _responder;
    private readonly DnsSettings _settings;
    private readonly HashSet<InformerKey> _synced = [];
    private bool _rebuildPending;

    public DnsServerActor(IKubeClient client, InformerSettings informerSettings, DnsSettings settings, ClusterDnsResponder responder)
    {
        _settings = settings;
        _responder = responder;
        _informers = new SharedInformerFactory(Context, client, informerSettings, "dns-informers");

        Receive<InformerEvent>(_ => ScheduleRebuild());
        Receive<InformerSynced>(synced =>
        {
            _synced.Add(synced.Informer);
            ScheduleRebuild();
        });
        Receive<RebuildRecords>(_ => Rebuild());
    }

    public static Props Props(IKubeClient client, InformerSettings informerSettings, DnsSettings settings, ClusterDnsResponder responder) =>
        Akka.Actor.Props.Create(() => new DnsServerActor(client, informerSettings, settings, responder));

    protected override void PreStart()
    {
        _informers.Subscribe(Services, Self);
        _informers.Subscribe(EndpointSlices, Self);
    }

    private void ScheduleRebuild()
    {
        if (_rebuildPending)
        {
            return;
        }

        // Everything already in the mailbox (an informer's initial list, a burst of slice updates) is one rebuild.
        _rebuildPending = true;
        Self.Tell(RebuildRecords.Instance);
    }

    private void Rebuild()
    {
        _rebuildPending = false;
        var records = ClusterDnsRecordsBuilder.Build(
            _settings.ClusterDomain,
            (int)_settings.Ttl.TotalSeconds,
            _informers.Lister(Services).List(),
            _informers.Lister(EndpointSlices).List(),
            synced: _synced.Count == 2);
        _responder.Records = records;
        _log.Debug("cluster DNS records rebuilt: {0} names (synced: {1})", records.NameCount, records.Synced);
    }

    /// <summary>Rebuild the snapshot from the informers' caches.</summary>
    private sealed record RebuildRecords
    {
        public static RebuildRecords Instance { get; } = new();
    }
}
