namespace Orchestrator.Kubelet.Runtime;

/// <summary>
/// One container to create in a sandbox (CRI's ContainerConfig), with everything the kubelet already resolved:
/// the final command line (the image's entrypoint when <see cref="Command"/> is empty), the environment
/// (fieldRefs, ConfigMaps and Secrets looked up), and volumes as host directories to mount.
/// </summary>
public sealed record ContainerConfig
{
    /// <summary>The container's name in the pod spec.</summary>
    public required string Name { get; init; }

    public required string Image { get; init; }

    /// <summary>spec.containers[].command: replaces the image's entrypoint when not empty.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>spec.containers[].args: replaces the image's cmd when not empty.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    public string? WorkingDir { get; init; }

    /// <summary>The environment, in order (later names win).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];

    public IReadOnlyList<Mount> Mounts { get; init; } = [];

    /// <summary>Kept on the container; always includes <see cref="RuntimeLabels"/>' pod and container labels.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public bool Tty { get; init; }

    public bool Stdin { get; init; }

    /// <summary>limits.cpu in millicores, or null for no limit.</summary>
    public long? CpuLimitMillis { get; init; }

    /// <summary>requests.cpu in millicores (cpu shares), or null.</summary>
    public long? CpuRequestMillis { get; init; }

    /// <summary>limits.memory in bytes, or null for no limit.</summary>
    public long? MemoryLimitBytes { get; init; }
}

/// <summary>A host path bind-mounted into the container.</summary>
public sealed record Mount(string HostPath, string ContainerPath, bool ReadOnly);
