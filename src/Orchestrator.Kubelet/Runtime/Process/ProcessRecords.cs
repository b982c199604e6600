namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>A sandbox as the process runtime persists it: the pod, its network namespace and address.</summary>
public sealed class SandboxRecord
{
    public required string Id { get; init; }

    public required string PodUid { get; init; }

    public required string PodName { get; init; }

    public required string PodNamespace { get; init; }

    public required string Hostname { get; init; }

    public bool HostNetwork { get; init; }

    /// <summary>The named network namespace (<c>ip netns</c>), or null when the pod shares the node's.</summary>
    public string? Netns { get; set; }

    /// <summary>Whether the pod network was set up (and so must be torn down).</summary>
    public bool NetworkAttached { get; set; }

    public string? Ip { get; set; }

    public SandboxState State { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public Dictionary<string, string> Labels { get; init; } = [];

    public List<PortMapping> PortMappings { get; init; } = [];

    public string PodDirectory { get; init; } = "";

    /// <summary>
    /// The pod's resolver as environment variables its processes get (glibc's and musl's LOCALDOMAIN and
    /// RES_OPTIONS, and ORCHESTRATOR_RESOLV_CONF, the generated file); empty for the node's resolver.
    /// </summary>
    public Dictionary<string, string> DnsEnv { get; init; } = [];

    /// <summary>The path CNI and nsenter use for the namespace.</summary>
    public string NetnsPath => Netns is null ? "" : $"/var/run/netns/{Netns}";
}

/// <summary>A container as the process runtime persists it: what it runs, its process and how it ended.</summary>
public sealed class ContainerRecord
{
    public required string Id { get; init; }

    public required string SandboxId { get; init; }

    public required string Name { get; init; }

    public required string Image { get; init; }

    /// <summary>The resolved argv (image mapping applied).</summary>
    public List<string> Argv { get; init; } = [];

    public List<KeyValuePair<string, string>> Env { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary>The volumes bind-mounted into the container's own mount namespace (see <see cref="ProcessMounts"/>).</summary>
    public List<Mount> Mounts { get; init; } = [];

    public Dictionary<string, string> Labels { get; init; } = [];

    public ContainerState State { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int? ExitCode { get; set; }

    public string? Reason { get; set; }

    public string? Message { get; set; }

    /// <summary>The process (and its process group and session, made by setsid), while it runs.</summary>
    public int Pid { get; set; }

    /// <summary>The process's start time in clock ticks since boot (/proc/PID/stat), so a reused pid is never mistaken for it.</summary>
    public long StartTicks { get; set; }

    /// <summary>How far the raw stdout and stderr files were copied into the log.</summary>
    public long StdoutOffset { get; set; }

    public long StderrOffset { get; set; }

    /// <summary>Set when StopContainer signalled it, so the exit is reported as a stop, not a crash.</summary>
    public bool StopRequested { get; set; }
}
