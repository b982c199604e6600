using System.Globalization;
using Orchestrator.Hocon;
using Orchestrator.Model.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Kubelet.Hollow;

/// <summary>
/// What the simulated nodes look like and how they behave: <c>orchestrator.simulate</c> (the node shape,
/// addresses, the simulated stop time, the request limit) and the kubelet's timings, <c>orchestrator.kubelet</c>,
/// which a simulated node keeps exactly as a real kubelet does. Read with <see cref="FromConfig"/>; every default
/// is in hocon/reference.conf.
/// </summary>
public sealed record HollowKubeletSettings
{
    /// <summary>Node names are <c>PREFIX-0</c> … <c>PREFIX-(N-1)</c>.</summary>
    public required string NamePrefix { get; init; }

    /// <summary>status.capacity (and allocatable) of every node, by resource name, as quantities.</summary>
    public required IReadOnlyDictionary<string, string> Capacity { get; init; }

    /// <summary>The kubernetes.io/arch label and status.nodeInfo.architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>The node.kubernetes.io/instance-type label.</summary>
    public required string InstanceType { get; init; }

    /// <summary>status.nodeInfo.kubeletVersion (and kubeProxyVersion).</summary>
    public required string KubeletVersion { get; init; }

    /// <summary>status.nodeInfo.containerRuntimeVersion; the scheme also prefixes the containerIDs of pods.</summary>
    public required string ContainerRuntimeVersion { get; init; }

    /// <summary>The scheme of <see cref="ContainerRuntimeVersion"/> (<c>simulated</c> in <c>simulated://1.0.0</c>).</summary>
    public string RuntimeScheme => ContainerRuntimeVersion.Split("://", 2)[0];

    /// <summary>Node i's InternalIP is the (i+1)-th address of this range.</summary>
    public required Ipv4Cidr NodeAddressRange { get; init; }

    /// <summary>Pod addresses of node i when it has no spec.podCIDR: the i-th /24 of this range.</summary>
    public required Ipv4Cidr LoopbackPodRange { get; init; }

    /// <summary>How long a deleted pod's simulated containers take to stop (at most its grace period).</summary>
    public required TimeSpan PodStopTime { get; init; }

    /// <summary>API requests in flight at once over every simulated node (watches not counted).</summary>
    public required int MaxRequestsInFlight { get; init; }

    /// <summary>How often a node's Lease is renewed.</summary>
    public required TimeSpan LeaseRenewInterval { get; init; }

    /// <summary>spec.leaseDurationSeconds of the Lease.</summary>
    public required TimeSpan LeaseDuration { get; init; }

    /// <summary>The first retry delay after a failed API call (registration, Lease, pod), doubled per failure ...</summary>
    public required TimeSpan RetryInitial { get; init; }

    /// <summary>... up to this.</summary>
    public required TimeSpan RetryMax { get; init; }

    /// <summary>How often a node checks whether its status must be posted.</summary>
    public required TimeSpan NodeStatusUpdateFrequency { get; init; }

    /// <summary>The status (and so the Ready condition's lastHeartbeatTime) is posted at least this often.</summary>
    public required TimeSpan NodeStatusReportFrequency { get; init; }

    /// <summary>The settings in <paramref name="config"/> (a whole tree, usually with reference.conf as its fallback).</summary>
    /// <exception cref="ConfigException">A setting is missing or out of range.</exception>
    public static HollowKubeletSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var simulate = config.GetConfig("orchestrator.simulate");
        var kubelet = config.GetConfig("orchestrator.kubelet");
        // Resource names may hold dots (nvidia.com/gpu, quoted in HOCON), so the keys are read as they are, not as paths.
        var capacity = simulate.GetConfig("capacity").Root.Fields.ToDictionary(
            field => field.Key,
            field => field.Value is HoconScalar { Type: not HoconValueType.Null } scalar
                ? scalar.Text
                : throw new ConfigException($"orchestrator.simulate.capacity.{field.Key}: expected a quantity"),
            StringComparer.Ordinal);
        var settings = new HollowKubeletSettings
        {
            NamePrefix = simulate.GetString("name-prefix"),
            Capacity = capacity,
            Architecture = simulate.GetString("architecture"),
            InstanceType = simulate.GetString("instance-type"),
            KubeletVersion = simulate.GetString("kubelet-version"),
            ContainerRuntimeVersion = simulate.GetString("container-runtime-version"),
            NodeAddressRange = Cidr(simulate, "node-address-range"),
            LoopbackPodRange = Cidr(simulate, "loopback-pod-range"),
            PodStopTime = simulate.GetTimeSpan("pod-stop-time"),
            MaxRequestsInFlight = simulate.GetInt("max-requests-in-flight"),
            LeaseRenewInterval = kubelet.GetTimeSpan("node-lease.renew-interval"),
            LeaseDuration = kubelet.GetTimeSpan("node-lease.duration"),
            RetryInitial = kubelet.GetTimeSpan("node-lease.retry-backoff.initial"),
            RetryMax = kubelet.GetTimeSpan("node-lease.retry-backoff.max"),
            NodeStatusUpdateFrequency = kubelet.GetTimeSpan("node-status-update-frequency"),
            NodeStatusReportFrequency = kubelet.GetTimeSpan("node-status-report-frequency"),
        };
        settings.Validate();
        return settings;
    }

    /// <summary>The name of node <paramref name="index"/>.</summary>
    public string NodeName(int index) => string.Create(CultureInfo.InvariantCulture, $"{NamePrefix}-{index}");

    /// <summary>Node <paramref name="index"/>'s name, address and fallback pod range.</summary>
    public HollowNodeIdentity Identity(int index) => new(
        NodeName(index),
        NodeAddressRange.AddressAt((ulong)index + 1).ToString(),
        LoopbackPodRange.Subnet(24, index));

    /// <summary>Checks that <paramref name="nodes"/> nodes get valid names and addresses.</summary>
    /// <exception cref="ConfigException">They would not.</exception>
    public void CheckRoomFor(int nodes)
    {
        if (nodes < 1)
        {
            throw new ConfigException("there must be at least one node");
        }

        var last = NodeName(nodes - 1);
        var problems = ValidationRules.IsDns1123Subdomain(last).Concat(ValidationRules.IsValidLabelValue(last)).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigException($"node name \"{last}\" is not valid: {string.Join("; ", problems)}");
        }

        if ((ulong)nodes + 2 > NodeAddressRange.Size)
        {
            throw new ConfigException($"orchestrator.simulate.node-address-range {NodeAddressRange} has no room for {nodes} nodes");
        }

        if (LoopbackPodRange.PrefixLength > 24 || (ulong)nodes > LoopbackPodRange.Size / 256)
        {
            throw new ConfigException($"orchestrator.simulate.loopback-pod-range {LoopbackPodRange} has no room for a /24 per node for {nodes} nodes");
        }
    }

    private void Validate()
    {
        foreach (var (name, quantity) in Capacity)
        {
            if (!Quantity.TryParse(quantity, out var parsed, out var error) || parsed.IsNegative)
            {
                throw new ConfigException($"orchestrator.simulate.capacity.{name}: \"{quantity}\" is not a quantity: {error}");
            }
        }

        foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[
            ("node-lease.renew-interval", LeaseRenewInterval), ("node-lease.duration", LeaseDuration),
            ("node-lease.retry-backoff.initial", RetryInitial), ("node-status-update-frequency", NodeStatusUpdateFrequency),
            ("node-status-report-frequency", NodeStatusReportFrequency)])
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ConfigException($"orchestrator.kubelet.{name} must be positive");
            }
        }

        if (LeaseDuration.TotalSeconds < 1)
        {
            throw new ConfigException("orchestrator.kubelet.node-lease.duration must be at least 1s (leaseDurationSeconds)");
        }

        if (PodStopTime < TimeSpan.Zero)
        {
            throw new ConfigException("orchestrator.simulate.pod-stop-time must not be negative");
        }

        if (MaxRequestsInFlight < 1)
        {
            throw new ConfigException("orchestrator.simulate.max-requests-in-flight must be at least 1");
        }

        if (ValidationRules.IsDns1123Label(NamePrefix) is { Count: > 0 } problems)
        {
            throw new ConfigException($"orchestrator.simulate.name-prefix \"{NamePrefix}\": {string.Join("; ", problems)}");
        }
    }

    private static Ipv4Cidr Cidr(Config config, string path)
    {
        var text = config.GetString(path);
        return Ipv4Cidr.TryParse(text, out var cidr) ? cidr : throw new ConfigException($"orchestrator.simulate.{path}: \"{text}\" is not an IPv4 CIDR");
    }
}
