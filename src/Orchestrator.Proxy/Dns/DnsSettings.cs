using System.Globalization;
using System.Net;
using Orchestrator.Hocon;

namespace Orchestrator.Proxy.Dns;

/// <summary>The cluster DNS server's settings (<c>orchestrator.dns</c> in hocon/reference.conf).</summary>
public sealed record DnsSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>The domain the server is authoritative for (Kubernetes: cluster.local).</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>TTL of every answer, negative ones included (CoreDNS' kubernetes plugin: 5 s).</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Resolvers for names outside the domain; empty: the nameservers of <see cref="ResolvConf"/>.</summary>
    public IReadOnlyList<IPEndPoint> Upstream { get; init; } = [];

    public string ResolvConf { get; init; } = "/etc/resolv.conf";

    /// <summary>How long one upstream gets before the next is tried.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The node's own address of the server, or null for none.</summary>
    public IPEndPoint? HostAddress { get; init; } = new(IPAddress.Parse("127.53.0.10"), 53);

    /// <summary>Whether <c>up</c> creates the kube-dns Service and binds its ClusterIP.</summary>
    public bool ManageService { get; init; } = true;

    /// <summary>The upstream resolvers to forward to: the configured ones, else those of resolv.conf.</summary>
    public IReadOnlyList<IPEndPoint> ResolveUpstream()
    {
        if (Upstream.Count > 0 || !File.Exists(ResolvConf))
        {
            return Upstream;
        }

        var servers = new List<IPEndPoint>();
        foreach (var line in File.ReadLines(ResolvConf))
        {
            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver" && IPAddress.TryParse(fields[1], out var address))
            {
                servers.Add(new IPEndPoint(address, 53));
            }
        }

        return servers;
    }

    /// <summary>Reads <c>orchestrator.dns</c> from the whole configuration.</summary>
    /// <exception cref="ConfigException">A setting is malformed.</exception>
    public static DnsSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var dns = config.GetConfig("orchestrator.dns", Config.Empty);
        var defaults = new DnsSettings();
        var hostAddress = dns.GetString("host-address", "127.53.0.10:53");
        var settings = new DnsSettings
        {
            Enabled = dns.GetBoolean("enabled", defaults.Enabled),
            ClusterDomain = dns.GetString("cluster-domain", defaults.ClusterDomain).Trim('.'),
            Ttl = dns.GetTimeSpan("ttl", defaults.Ttl),
            Upstream = [.. dns.GetStringList("upstream", []).Select(u => ParseEndPoint(u, "upstream"))],
            ResolvConf = dns.GetString("resolv-conf", defaults.ResolvConf),
            UpstreamTimeout = dns.GetTimeSpan("upstream-timeout", defaults.UpstreamTimeout),
            HostAddress = hostAddress.Length == 0 ? null : ParseEndPoint(hostAddress, "host-address"),
            ManageService = dns.GetBoolean("manage-service", defaults.ManageService),
        };
        if (settings.Ttl < TimeSpan.Zero || settings.UpstreamTimeout <= TimeSpan.Zero)
        {
            throw new ConfigException("orchestrator.dns.ttl must not be negative and upstream-timeout must be positive");
        }

        if (settings.ClusterDomain.Length == 0)
        {
            throw new ConfigException("orchestrator.dns.cluster-domain must not be empty");
        }

        return settings;
    }

    /// <summary>"IP" (port 53) or "IP:PORT" ("[v6]:PORT").</summary>
    public static IPEndPoint ParseEndPoint(string text, string setting = "address")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IPAddress.TryParse(text, out var bare))
        {
            return new IPEndPoint(bare, 53);
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && IPAddress.TryParse(text[..colon].Trim('[', ']'), out var address)
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            return new IPEndPoint(address, port);
        }

        throw new ConfigException($"orchestrator.dns.{setting}: \"{text}\" is not IP or IP:PORT");
    }
}
