using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;

namespace Orchestrator.Proxy.Dns;

/// <summary>
/// An immutable snapshot of the cluster domain's records, built by <see cref="ClusterDnsRecordsBuilder"/> from the
/// informers' caches and read by the server's query handlers without locks; the <see cref="DnsServerActor"/>
/// replaces the whole snapshot on every change. Pod names (<c>a-b-c-d.NS.pod.DOMAIN</c>) are answered from the
/// name itself, as CoreDNS' <c>pods insecure</c> mode (Kubernetes' default) does.
/// </summary>
public sealed class DnsRecords
{
    private readonly FrozenDictionary<DomainName, DnsRecordBase[]> _records;
    private readonly FrozenSet<DomainName> _names;
    private readonly FrozenDictionary<DomainName, DnsRecordBase[]> _reverse;
    private readonly DomainName _podZone;

    public DnsRecords(
        DomainName domain,
        int ttl,
        IReadOnlyDictionary<DomainName, DnsRecordBase[]> records,
        IReadOnlyDictionary<DomainName, DnsRecordBase[]> reverse,
        bool synced)
    {
        ArgumentNullException.ThrowIfNull(domain);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(reverse);
        Domain = domain;
        Ttl = ttl;
        Synced = synced;
        _records = records.ToFrozenDictionary();
        _reverse = reverse.ToFrozenDictionary();
        _podZone = DomainName.Parse("pod") + domain;

        // Every owner name and its ancestors inside the domain exist (empty non-terminals answer NODATA, not NXDOMAIN).
        var names = new HashSet<DomainName> { domain, DomainName.Parse("svc") + domain, _podZone };
        foreach (var name in records.Keys)
        {
            for (var current = name; current.LabelCount > domain.LabelCount; current = current.GetParentName())
            {
                names.Add(current);
            }
        }

        _names = names.ToFrozenSet();
        Soa = new SoaRecord(domain, ttl, DomainName.Parse("ns.dns") + domain, DomainName.Parse("hostmaster") + domain, 1, 7200, 1800, 86400, ttl);
    }

    /// <summary>The cluster domain, e.g. cluster.local.</summary>
    public DomainName Domain { get; }

    public int Ttl { get; }

    /// <summary>Built from complete lists: until then an unknown name may only not have arrived yet.</summary>
    public bool Synced { get; }

    /// <summary>The zone's SOA, sent in the authority section of negative answers (its minimum is the negative TTL).</summary>
    public SoaRecord Soa { get; }

    public int NameCount => _records.Count;

    /// <summary>An empty, unsynced snapshot: what the server answers with before the informers have listed.</summary>
    public static DnsRecords Empty(string domain, int ttl) =>
        new(DomainName.Parse(domain), ttl, new Dictionary<DomainName, DnsRecordBase[]>(), new Dictionary<DomainName, DnsRecordBase[]>(), synced: false);

    public bool IsInDomain(DomainName name) => name.IsEqualOrSubDomainOf(Domain);

    /// <summary>Whether the name exists in the domain (with records of some type, or as an empty non-terminal).</summary>
    public bool Exists(DomainName name) => _names.Contains(name) || PodAddress(name) is not null || IsPodNamespace(name);

    /// <summary>The records of a name inside the domain, all types.</summary>
    public IReadOnlyList<DnsRecordBase> Lookup(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_records.TryGetValue(name, out var records))
        {
            return records;
        }

        return PodAddress(name) is { } address ? [new ARecord(name, Ttl, address)] : [];
    }

    /// <summary>The PTR records of a reverse name (d.c.b.a.in-addr.arpa) of a Service or endpoint address, or none.</summary>
    public IReadOnlyList<DnsRecordBase> LookupReverse(DomainName name) =>
        _reverse.TryGetValue(name, out var records) ? records : [];

    /// <summary>a-b-c-d.NS.pod.DOMAIN: the address a.b.c.d.</summary>
    private IPAddress? PodAddress(DomainName name)
    {
        if (name.LabelCount != _podZone.LabelCount + 2 || !name.IsSubDomainOf(_podZone))
        {
            return null;
        }

        var dotted = name.Labels[0].Replace('-', '.');
        return dotted.Count(c => c == '.') == 3 && IPAddress.TryParse(dotted, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            ? address
            : null;
    }

    private bool IsPodNamespace(DomainName name) => name.LabelCount == _podZone.LabelCount + 1 && name.IsSubDomainOf(_podZone);

    /// <summary>d.c.b.a.in-addr.arpa for a.b.c.d.</summary>
    public static DomainName ReverseName(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var bytes = address.GetAddressBytes();
        Array.Reverse(bytes);
        return DomainName.Parse(string.Join('.', bytes.Select(b => b.ToString(CultureInfo.InvariantCulture))) + ".in-addr.arpa");
    }
}
