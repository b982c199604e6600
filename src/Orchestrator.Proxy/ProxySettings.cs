using System.Net;
using Orchestrator.Hocon;

namespace Orchestrator.Proxy;

/// <summary>The service proxy's settings (<c>orchestrator.proxy</c>; see hocon/reference.conf).</summary>
public sealed record ProxySettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>auto (nftables when it can, else userspace), nftables, or userspace.</summary>
    public string Mode { get; init; } = "auto";

    /// <summary>The nftables table of kernel mode; empty = one named after the cluster (see LocalProxy).</summary>
    public string NftablesTable { get; init; } = "";

    /// <summary>This node's name: endpoints with this nodeName are the ones the Local traffic policies prefer.</summary>
    public string NodeName { get; init; } = "";

    /// <summary>The node's addresses, where NodePort Services listen.</summary>
    public IReadOnlyList<IPAddress> NodeAddresses { get; init; } = [IPAddress.Loopback];

    public string ServiceAddressInterface { get; init; } = Addresses.ServiceAddressInterface.DefaultName;

    public TimeSpan BindRetryInterval { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan EndpointRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan UdpIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int BufferSize { get; init; } = 16 * 1024;

    /// <summary>Reads <c>orchestrator.proxy</c>; an empty node-name or node-addresses is left empty for the caller to fill.</summary>
    public static ProxySettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var proxy = config.GetConfig("orchestrator.proxy");
        var addresses = proxy.GetString("node-addresses", "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(a => IPAddress.TryParse(a, out var ip) ? ip : throw new ConfigException($"orchestrator.proxy.node-addresses: \"{a}\" is not an IP address"))
            .ToList();
        var bufferSize = proxy.GetByteSize("buffer-size");
        if (bufferSize is < 1024 or > 1024 * 1024)
        {
            throw new ConfigException("orchestrator.proxy.buffer-size must be between 1KiB and 1MiB");
        }

        var mode = proxy.GetString("mode");
        if (mode is not ("auto" or "nftables" or "userspace"))
        {
            throw new ConfigException($"orchestrator.proxy.mode must be auto, nftables or userspace, not \"{mode}\"");
        }

        var table = proxy.GetString("nftables-table", "");
        if (table.Length > 0 && (table.Length > 200 || !table.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            throw new ConfigException("orchestrator.proxy.nftables-table must be letters, digits, '-' and '_' (at most 200)");
        }

        return new ProxySettings
        {
            Enabled = proxy.GetBoolean("enabled"),
            Mode = mode,
            NftablesTable = table,
            NodeName = proxy.GetString("node-name", ""),
            NodeAddresses = addresses,
            ServiceAddressInterface = proxy.GetString("service-address-interface"),
            BindRetryInterval = proxy.GetTimeSpan("bind-retry-interval"),
            EndpointRetryAfter = proxy.GetTimeSpan("endpoint-retry-after"),
            ConnectTimeout = proxy.GetTimeSpan("connect-timeout"),
            UdpIdleTimeout = proxy.GetTimeSpan("udp-idle-timeout"),
            BufferSize = (int)bufferSize,
        };
    }
}
