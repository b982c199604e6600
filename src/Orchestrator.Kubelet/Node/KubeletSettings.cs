using Orchestrator.Hocon;
using Orchestrator.Model.Resources;

namespace Orchestrator.Kubelet.Node;

/// <summary>
/// The real kubelet's settings, <c>orchestrator.kubelet</c> in hocon/reference.conf (every timing with its
/// Kubernetes default). <see cref="Section"/> keeps the whole section so that the pod workers, runtimes and the
/// kubelet server read their own keys from it without this record growing a member per key.
/// </summary>
public sealed record KubeletSettings
{
    /// <summary>Whether <c>orchestrator up</c> starts a kubelet beside the control plane.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The Node's name; empty in the config means the machine's hostname (lower-cased).</summary>
    public required string NodeName { get; init; }

    /// <summary>Whether the kubelet creates its Node object (Kubernetes' --register-node).</summary>
    public bool RegisterNode { get; init; } = true;

    /// <summary>The node's InternalIP addresses (Kubernetes' --node-ip).</summary>
    public required IReadOnlyList<string> NodeIps { get; init; }

    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(40);

    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(7);

    /// <summary>How often the node's conditions are checked and posted when they changed.</summary>
    public TimeSpan NodeStatusUpdateFrequency { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The status is posted at least this often even when nothing changed.</summary>
    public TimeSpan NodeStatusReportFrequency { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Resources kept for the operating system (Kubernetes' --system-reserved), by resource name.</summary>
    public IReadOnlyDictionary<string, string> SystemReserved { get; init; } = new Dictionary<string, string>();

    /// <summary>Resources kept for the kubelet and runtime (Kubernetes' --kube-reserved), by resource name.</summary>
    public IReadOnlyDictionary<string, string> KubeReserved { get; init; } = new Dictionary<string, string>();

    public int MaxPods { get; init; } = 110;

    /// <summary>The whole time a node shutdown gives its pods (Kubernetes' shutdownGracePeriod) ...</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>... of which this last part is for critical pods (shutdownGracePeriodCriticalPods).</summary>
    public TimeSpan ShutdownGracePeriodCriticalPods { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>auto, docker or process.</summary>
    public string Runtime { get; init; } = "auto";

    /// <summary>The kubelet's directory (pods' files under root-dir/pods/&lt;uid&gt;); empty means DATA/kubelet.</summary>
    public string RootDir { get; init; } = "";

    /// <summary>The kubelet's HTTPS port (status.daemonEndpoints.kubeletEndpoint.Port).</summary>
    public int Port { get; init; } = 10250;

    /// <summary>The whole <c>orchestrator.kubelet</c> section, for the keys other pieces of the kubelet read.</summary>
    public Config Section { get; init; } = Config.Empty;

    /// <summary>The settings under <c>orchestrator.kubelet</c> of <paramref name="config"/> (with reference.conf as its fallback).</summary>
    /// <exception cref="ConfigException">A setting is missing or out of range.</exception>
    public static KubeletSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var kubelet = config.GetConfig("orchestrator.kubelet");
        var name = kubelet.GetString("node-name", "");
        var settings = new KubeletSettings
        {
            Enabled = kubelet.GetBoolean("enabled", true),
            NodeName = string.IsNullOrWhiteSpace(name) ? System.Net.Dns.GetHostName().ToLowerInvariant() : name,
            RegisterNode = kubelet.GetBoolean("register-node", true),
            NodeIps = kubelet.GetString("node-ip", "127.0.0.1").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            LeaseRenewInterval = kubelet.GetTimeSpan("node-lease.renew-interval"),
            LeaseDuration = kubelet.GetTimeSpan("node-lease.duration"),
            RetryInitial = kubelet.GetTimeSpan("node-lease.retry-backoff.initial"),
            RetryMax = kubelet.GetTimeSpan("node-lease.retry-backoff.max"),
            NodeStatusUpdateFrequency = kubelet.GetTimeSpan("node-status-update-frequency"),
            NodeStatusReportFrequency = kubelet.GetTimeSpan("node-status-report-frequency"),
            SystemReserved = Quantities(kubelet, "system-reserved"),
            KubeReserved = Quantities(kubelet, "kube-reserved"),
            MaxPods = kubelet.GetInt("max-pods", 110),
            ShutdownGracePeriod = kubelet.GetTimeSpan("shutdown-grace-period", TimeSpan.FromSeconds(30)),
            ShutdownGracePeriodCriticalPods = kubelet.GetTimeSpan("shutdown-grace-period-critical-pods", TimeSpan.FromSeconds(10)),
            Runtime = kubelet.GetString("runtime", "auto"),
            RootDir = kubelet.GetString("root-dir", ""),
            Port = kubelet.GetInt("port", 10250),
            Section = kubelet,
        };
        settings.Validate();
        return settings;
    }

    private void Validate()
    {
        foreach (var (key, value) in (ReadOnlySpan<(string, TimeSpan)>)[
            ("node-lease.renew-interval", LeaseRenewInterval), ("node-lease.duration", LeaseDuration),
            ("node-lease.retry-backoff.initial", RetryInitial), ("node-status-update-frequency", NodeStatusUpdateFrequency),
            ("node-status-report-frequency", NodeStatusReportFrequency)])
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ConfigException($"orchestrator.kubelet.{key} must be positive");
            }
        }

        if (ShutdownGracePeriodCriticalPods < TimeSpan.Zero || ShutdownGracePeriodCriticalPods > ShutdownGracePeriod)
        {
            throw new ConfigException("orchestrator.kubelet.shutdown-grace-period-critical-pods must be between 0 and shutdown-grace-period");
        }

        if (MaxPods < 1)
        {
            throw new ConfigException("orchestrator.kubelet.max-pods must be at least 1");
        }

        if (Runtime is not ("auto" or "docker" or "process"))
        {
            throw new ConfigException($"orchestrator.kubelet.runtime \"{Runtime}\": expected auto, docker or process");
        }

        if (Port is < 1 or > 65535)
        {
            throw new ConfigException("orchestrator.kubelet.port must be a TCP port");
        }

        if (NodeIps.Count == 0)
        {
            throw new ConfigException("orchestrator.kubelet.node-ip must name at least one address");
        }
    }

    private static Dictionary<string, string> Quantities(Config kubelet, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!kubelet.HasPath(key))
        {
            return result;
        }

        foreach (var field in kubelet.GetConfig(key).Root.Fields)
        {
            var text = field.Value is HoconScalar { Type: not HoconValueType.Null } scalar
                ? scalar.Text
                : throw new ConfigException($"orchestrator.kubelet.{key}.{field.Key}: expected a quantity");
            if (!Quantity.TryParse(text, out var parsed, out var error) || parsed.IsNegative)
            {
                throw new ConfigException($"orchestrator.kubelet.{key}.{field.Key}: \"{text}\" is not a quantity: {error}");
            }

            result[field.Key] = text;
        }

        return result;
    }
}
