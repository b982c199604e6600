using System.Globalization;
using System.Net;
using System.Text;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;

namespace Orchestrator.Proxy.Kernel;

/// <summary>
/// The chains and sets of the proxy's nftables table for a set of listeners, laid out as kube-proxy's nftables mode
/// lays out its own: the nat hooks jump to <c>services</c>, a verdict map from address . protocol . port to one chain
/// per Service port (<c>svc-…</c>), which picks an endpoint chain (<c>ep-…</c>) round-robin (<c>numgen inc</c>, the
/// IPVS default, so consecutive connections spread evenly), or the one a client's ClientIP affinity set holds; the
/// endpoint chain marks the packet for masquerading and DNATs it. A Service port with no ready endpoint is rejected
/// in the input hook, so a connect is refused at once. Names are derived from the listener and endpoint, so a
/// resync keeps an affinity set (and its clients) as long as the endpoint stays.
/// </summary>
public sealed class NftablesRuleset
{
    /// <summary>The packet mark bit that asks the postrouting hook to masquerade (kube-proxy's KUBE-MARK-MASQ bit).</summary>
    public const int MasqueradeMark = 0x4000;

    /// <summary>The chains the kernel hooks call; they are created once and only their rules change.</summary>
    public static readonly IReadOnlyDictionary<string, string> BaseChains = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nat-prerouting"] = "type nat hook prerouting priority dstnat; policy accept;",
        ["nat-output"] = "type nat hook output priority -100; policy accept;",
        ["nat-postrouting"] = "type nat hook postrouting priority srcnat; policy accept;",
        ["filter-input"] = "type filter hook input priority filter; policy accept;",
    };

    private NftablesRuleset(IReadOnlyDictionary<string, IReadOnlyList<string>> chains, IReadOnlyDictionary<string, string> sets)
    {
        Chains = chains;
        Sets = sets;
    }

    /// <summary>Every chain (base chains included) with its rules, in the order they are written.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Chains { get; }

    /// <summary>Every set, with its declaration.</summary>
    public IReadOnlyDictionary<string, string> Sets { get; }

    public static NftablesRuleset Empty { get; } = new(new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>());

    public static NftablesRuleset Build(IReadOnlyDictionary<ListenerKey, EndpointSnapshot> listeners)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        var chains = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var sets = new Dictionary<string, string>(StringComparer.Ordinal);
        var dispatch = new List<string>();
        var rejected = new List<string>();

        // The table is of the ip family: IPv6 Service addresses and endpoints are not served in this mode.
        foreach (var (key, snapshot) in listeners.Where(l => IsIPv4(l.Key.Address)).OrderBy(l => Name(l.Key), StringComparer.Ordinal))
        {
            var protocol = key.Protocol.ToLowerInvariant();
            var element = $"{key.Address.Address} . {protocol} . {key.Address.Port.ToString(CultureInfo.InvariantCulture)}";
            if (!snapshot.Endpoints.Any(IsIPv4))
            {
                rejected.Add(element);
                continue;
            }

            var service = "svc-" + Name(key);
            var serviceRules = new List<string>();
            var picks = new List<string>();
            var endpoints = snapshot.Endpoints.Where(IsIPv4).ToList();
            for (var i = 0; i < endpoints.Count; i++)
            {
                var endpoint = endpoints[i];
                var chain = $"ep-{Name(key)}-{Name(endpoint)}";
                var rules = new List<string> { $"meta mark set meta mark | 0x{MasqueradeMark:x}" };
                if (snapshot.AffinityTimeout is { } timeout)
                {
                    var seconds = Math.Max(1, (long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    var set = $"affinity-{Name(key)}-{Name(endpoint)}-{seconds}";
                    sets[set] = $"type ipv4_addr; flags dynamic,timeout; timeout {seconds}s;";
                    serviceRules.Add($"ip saddr @{set} goto {chain}");
                    rules.Add($"update @{set} {{ ip saddr }}");
                }

                rules.Add($"meta l4proto {protocol} dnat to {endpoint.Address}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}");
                chains[chain] = rules;
                picks.Add($"{i.ToString(CultureInfo.InvariantCulture)} : goto {chain}");
            }

            serviceRules.Add(picks.Count == 1
                ? picks[0][(picks[0].IndexOf(':', StringComparison.Ordinal) + 2)..]
                : $"numgen inc mod {picks.Count.ToString(CultureInfo.InvariantCulture)} vmap {{ {string.Join(", ", picks)} }}");
            chains[service] = serviceRules;
            dispatch.Add($"{element} : goto {service}");
        }

        chains["services"] = dispatch.Count == 0 ? [] : [$"ip daddr . meta l4proto . th dport vmap {{ {string.Join(", ", dispatch)} }}"];
        chains["masquerading"] =
        [
            $"meta mark & 0x{MasqueradeMark:x} == 0 return",
            // Delivered on this host (client and endpoint both local): answers come back through it as they are, and
            // every packet of the flow is spared the source rewrite.
            "oifname \"lo\" return",
            // A connection from one of the host's own addresses comes back to the host anyway; one from a pod (which
            // may be the endpoint's bridge neighbour, or the endpoint itself) or from a loopback address (a node port
            // or load-balancer address on 127.x) must be answered through the host, so it leaves with the host's address.
            "fib saddr type local ip saddr != 127.0.0.0/8 return",
            "masquerade",
        ];
        chains["nat-prerouting"] = ["jump services"];
        chains["nat-output"] = ["jump services"];
        chains["nat-postrouting"] = ["jump masquerading"];
        var input = new List<string>
        {
            // route_localnet (needed to DNAT from and to 127.x) lets packets for 127.x in from other interfaces;
            // only those this table DNATed may come in (kube-proxy's KUBE-FIREWALL rule).
            "iifname != \"lo\" ip daddr 127.0.0.0/8 ip saddr != 127.0.0.0/8 ct status & dnat == 0 drop",
        };
        if (rejected.Count > 0)
        {
            input.Add($"ip daddr . meta l4proto . th dport {{ {string.Join(", ", rejected)} }} reject");
        }

        chains["filter-input"] = input;
        return new NftablesRuleset(chains, sets);
    }

    /// <summary>
    /// The nft script that turns a table holding <paramref name="previous"/> (or nothing, when null) into one holding
    /// this ruleset, in one transaction: chains are flushed and refilled, those no longer needed deleted, sets added
    /// and deleted, and sets that stay keep their elements (the clients' affinities).
    /// </summary>
    public string Script(string family, string table, string comment, NftablesRuleset? previous)
    {
        var script = new StringBuilder();
        var prefix = $"{family} {table}";
        if (previous is null)
        {
            // Whatever an earlier run of this proxy left goes first ("add" first so that the delete never fails).
            script.Append(CultureInfo.InvariantCulture, $"add table {prefix}\ndelete table {prefix}\n");
        }

        script.Append(CultureInfo.InvariantCulture, $"add table {prefix} {{ comment \"{comment}\"; }}\n");
        foreach (var chain in (previous ?? Empty).Chains.Keys)
        {
            script.Append(CultureInfo.InvariantCulture, $"flush chain {prefix} {chain}\n");
        }

        foreach (var (set, declaration) in Sets)
        {
            script.Append(CultureInfo.InvariantCulture, $"add set {prefix} {set} {{ {declaration} }}\n");
        }

        foreach (var chain in Chains.Keys)
        {
            script.Append(BaseChains.TryGetValue(chain, out var hook)
                ? $"add chain {prefix} {chain} {{ {hook} }}\n"
                : $"add chain {prefix} {chain}\n");
        }

        // Every chain exists before any rule (which may jump to it) is added.
        foreach (var (chain, rules) in Chains)
        {
            foreach (var rule in rules)
            {
                script.Append(CultureInfo.InvariantCulture, $"add rule {prefix} {chain} {rule}\n");
            }
        }

        foreach (var chain in (previous ?? Empty).Chains.Keys.Where(c => !Chains.ContainsKey(c)))
        {
            script.Append(CultureInfo.InvariantCulture, $"delete chain {prefix} {chain}\n");
        }

        foreach (var set in (previous ?? Empty).Sets.Keys.Where(s => !Sets.ContainsKey(s)))
        {
            script.Append(CultureInfo.InvariantCulture, $"delete set {prefix} {set}\n");
        }

        return script.ToString();
    }

    private static bool IsIPv4(IPEndPoint endpoint) => endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;

    /// <summary>A listener or endpoint as a chain-name part: 100.96.0.5-tcp-80, 100.64.1.7-8080.</summary>
    private static string Name(ListenerKey key) =>
        $"{key.Address.Address}-{key.Protocol.ToLowerInvariant()}-{key.Address.Port.ToString(CultureInfo.InvariantCulture)}";

    private static string Name(IPEndPoint endpoint) => $"{endpoint.Address}-{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
}
