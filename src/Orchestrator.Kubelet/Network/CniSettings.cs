using Orchestrator.Hocon;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// Where the CNI plugins and configuration live and what the default network looks like
/// (<c>orchestrator.kubelet.cni</c> in hocon/reference.conf).
/// </summary>
public sealed record CniSettings
{
    /// <summary>The plugin binaries (CNI_PATH); Debian's containernetworking-plugins installs them in /usr/lib/cni.</summary>
    public string BinDir { get; init; } = "/usr/lib/cni";

    /// <summary>The network configuration lists (*.conflist, *.conf); the first by name is used.</summary>
    public required string ConfDir { get; init; }

    /// <summary>Each attachment's ADD result, so DEL and CHECK get prevResult after a kubelet restart (libcni's cache dir).</summary>
    public required string CacheDir { get; init; }

    /// <summary>host-local's allocation files (one per address, naming the container) of the default network.</summary>
    public required string IpamDataDir { get; init; }

    /// <summary>The Linux bridge of the default network.</summary>
    public string BridgeName { get; init; } = "orch0";

    /// <summary>The name of the default network (the conflist's name, and host-local's directory).</summary>
    public string NetworkName { get; init; } = "orchestrator";

    /// <summary>The host-network fallback's pod addresses (loopback, so they reach <c>lo</c>).</summary>
    public Hollow.Ipv4Cidr FallbackPodRange { get; init; } = Hollow.Ipv4Cidr.Parse("127.100.0.0/16");

    /// <summary>How long one plugin may run before it is killed.</summary>
    public TimeSpan PluginTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Reads <c>orchestrator.kubelet.cni</c>; empty directories default under <paramref name="dataDir"/>
    /// (DATA/cni/net.d, DATA/cni/cache, DATA/cni/networks).
    /// </summary>
    public static CniSettings FromConfig(Config config, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(config);
        var cni = config.GetConfig("orchestrator.kubelet.cni", Config.Empty);
        string Dir(string key, string fallback)
        {
            var value = cni.GetString(key, "");
            return value.Length > 0 ? value : Path.Combine(dataDir, "cni", fallback);
        }

        return new CniSettings
        {
            BinDir = cni.GetString("bin-dir", "/usr/lib/cni"),
            ConfDir = Dir("conf-dir", "net.d"),
            CacheDir = Dir("cache-dir", "cache"),
            IpamDataDir = Dir("ipam-data-dir", "networks"),
            BridgeName = cni.GetString("bridge", "orch0"),
            PluginTimeout = cni.GetTimeSpan("plugin-timeout", TimeSpan.FromSeconds(60)),
            FallbackPodRange = Hollow.Ipv4Cidr.Parse(cni.GetString("fallback-pod-range", "127.100.0.0/16")),
        };
    }
}
