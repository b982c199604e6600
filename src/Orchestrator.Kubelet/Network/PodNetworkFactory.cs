using Orchestrator.Kubelet.Hollow;

namespace Orchestrator.Kubelet.Network;

/// <summary>
/// Picks the node's pod network: real CNI when the kubelet is root and the plugins are installed (and there is a
/// network to use: a configuration in the conf dir or the node's podCIDR), else the host-network fallback, saying
/// why for the node's NetworkUnavailable condition.
/// </summary>
public static class PodNetworkFactory
{
    /// <summary>The plugins the default network needs.</summary>
    public static IReadOnlyList<string> RequiredPlugins { get; } = ["bridge", "host-local", "portmap", "loopback"];

    /// <summary>The chosen network and, for the fallback, why CNI was not used (null when it is).</summary>
    public sealed record Choice(IPodNetwork Network, string? FallbackReason);

    /// <summary>Chooses for this process (root or not), the fallback on <see cref="CniSettings.FallbackPodRange"/>.</summary>
    public static Choice Choose(CniSettings settings, Ipv4Cidr? podCidr)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Choose(settings, podCidr, settings.FallbackPodRange, Environment.IsPrivilegedProcess);
    }

    public static Choice Choose(CniSettings settings, Ipv4Cidr? podCidr, Ipv4Cidr fallbackRange, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reason = WhyNotCni(settings, podCidr, isRoot);
        return reason is null
            ? new Choice(new CniPodNetwork(settings, podCidr), null)
            : new Choice(new HostPodNetwork(fallbackRange), reason);
    }

    /// <summary>Why CNI cannot be used here, or null when it can.</summary>
    public static string? WhyNotCni(CniSettings settings, Ipv4Cidr? podCidr, bool isRoot)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!OperatingSystem.IsLinux())
        {
            return "pod networks need Linux network namespaces; pods use the host network";
        }

        if (!isRoot)
        {
            return "the kubelet is not running as root, so it cannot create network namespaces; pods use the host network with loopback addresses";
        }

        var missing = RequiredPlugins.Where(p => !File.Exists(Path.Combine(settings.BinDir, p))).ToList();
        var configured = Directory.Exists(settings.ConfDir) && Directory.EnumerateFiles(settings.ConfDir).Any();
        if (missing.Count > 0 && !configured)
        {
            return $"CNI plugins missing from {settings.BinDir} ({string.Join(", ", missing)}; install containernetworking-plugins); pods use the host network";
        }

        if (!File.Exists(Path.Combine(settings.BinDir, "loopback")))
        {
            return $"the CNI loopback plugin is missing from {settings.BinDir}; pods use the host network";
        }

        return podCidr is null && !configured
            ? "the node has no spec.podCIDR and no CNI configuration is in " + settings.ConfDir + "; pods use the host network"
            : null;
    }
}
