using Orchestrator.Hocon;
using Orchestrator.Kubelet.Node;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// The timings and places of a node's pods (<c>orchestrator.kubelet</c> in hocon/reference.conf): the crash-loop and
/// image-pull back-offs, the cluster DNS a ClusterFirst pod resolves through, where a pod's files live, how often a
/// pod is synced without being told to. Read with <see cref="From"/>.
/// </summary>
public sealed record PodSettings
{
    /// <summary>The first delay before restarting a crashed container (CrashLoopBackOff), doubled per crash ...</summary>
    public TimeSpan RestartBackoffInitial { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>... up to this.</summary>
    public TimeSpan RestartBackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A container that ran this long before it ended starts its back-off over.</summary>
    public TimeSpan RestartBackoffResetAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The first delay after a failed image pull (ImagePullBackOff), doubled per failure ...</summary>
    public TimeSpan ImagePullBackoffInitial { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>... up to this.</summary>
    public TimeSpan ImagePullBackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The nameservers of ClusterFirst pods (the cluster DNS Service's ClusterIP).</summary>
    public IReadOnlyList<string> ClusterDns { get; init; } = ["100.96.0.10"];

    /// <summary>The cluster's DNS domain: ClusterFirst pods search &lt;ns&gt;.svc.DOMAIN, svc.DOMAIN and DOMAIN.</summary>
    public string ClusterDomain { get; init; } = "cluster.local";

    /// <summary>The kubelet's directory (root-dir, resolved): a pod's files (volumes) are under ROOT/pods/&lt;uid&gt;.</summary>
    public string RootDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "orchestrator-kubelet");

    /// <summary>A pod is synced at least this often even when nothing told it to (Kubernetes' syncFrequency: 1 min).</summary>
    public TimeSpan SyncFrequency { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>expirationSeconds of the projected service-account token (Kubernetes' kube-api-access: 3607 s).</summary>
    public TimeSpan ServiceAccountTokenExpiration { get; init; } = TimeSpan.FromSeconds(3607);

    /// <summary>The directory of pod <paramref name="uid"/>'s files.</summary>
    public string PodDirectory(string uid) => Path.Combine(RootDirectory, "pods", uid);

    /// <summary>The pods' settings of a kubelet: its root directory and the keys of its <c>orchestrator.kubelet</c> section.</summary>
    /// <exception cref="ConfigException">A setting is out of range.</exception>
    public static PodSettings From(KubeletSettings kubelet)
    {
        ArgumentNullException.ThrowIfNull(kubelet);
        var settings = FromSection(kubelet.Section);
        return kubelet.RootDir.Length > 0 ? settings with { RootDirectory = kubelet.RootDir } : settings;
    }

    /// <summary>
    /// The settings in an <c>orchestrator.kubelet</c> section (reference.conf gives every key; a key missing from a
    /// bare section keeps its Kubernetes default).
    /// </summary>
    /// <exception cref="ConfigException">A setting is out of range.</exception>
    public static PodSettings FromSection(Config kubelet)
    {
        ArgumentNullException.ThrowIfNull(kubelet);
        var defaults = new PodSettings();
        var settings = new PodSettings
        {
            RestartBackoffInitial = kubelet.GetTimeSpan("container-restart-backoff.initial", defaults.RestartBackoffInitial),
            RestartBackoffMax = kubelet.GetTimeSpan("container-restart-backoff.max", defaults.RestartBackoffMax),
            RestartBackoffResetAfter = kubelet.GetTimeSpan("container-restart-backoff.reset-after", defaults.RestartBackoffResetAfter),
            ImagePullBackoffInitial = kubelet.GetTimeSpan("image-pull-backoff.initial", defaults.ImagePullBackoffInitial),
            ImagePullBackoffMax = kubelet.GetTimeSpan("image-pull-backoff.max", defaults.ImagePullBackoffMax),
            ClusterDns = kubelet.GetStringList("cluster-dns", defaults.ClusterDns),
            ClusterDomain = kubelet.GetString("cluster-domain", defaults.ClusterDomain),
            SyncFrequency = kubelet.GetTimeSpan("sync-frequency", defaults.SyncFrequency),
            ServiceAccountTokenExpiration = kubelet.GetTimeSpan("service-account-token-expiration", defaults.ServiceAccountTokenExpiration),
        };
        foreach (var (name, value) in (ReadOnlySpan<(string, TimeSpan)>)[
            ("container-restart-backoff.initial", settings.RestartBackoffInitial), ("image-pull-backoff.initial", settings.ImagePullBackoffInitial),
            ("sync-frequency", settings.SyncFrequency), ("service-account-token-expiration", settings.ServiceAccountTokenExpiration)])
        {
            if (value <= TimeSpan.Zero)
            {
                throw new ConfigException($"orchestrator.kubelet.{name} must be positive");
            }
        }

        return settings;
    }
}
