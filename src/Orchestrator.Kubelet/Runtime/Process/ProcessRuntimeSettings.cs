using Orchestrator.Hocon;

namespace Orchestrator.Kubelet.Runtime.Process;

/// <summary>The process runtime's settings (<c>orchestrator.kubelet.process</c> in hocon/reference.conf).</summary>
public sealed record ProcessRuntimeSettings
{
    /// <summary>Where the runtime keeps its state (sandboxes, containers, pids) and container logs: ROOT-DIR/process-runtime.</summary>
    public required string StateDir { get; init; }

    /// <summary>busybox-static, whose applets the <c>busybox:local</c> image runs.</summary>
    public string Busybox { get; init; } = "/bin/busybox";

    /// <summary>A container's log file is rotated (to NAME.log.1) when it would grow past this many bytes.</summary>
    public long LogMaxSize { get; init; } = 10 * 1024 * 1024;

    /// <summary>How often output is copied into the logs and adopted processes are checked for their exit.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>ExecSync keeps at most this many bytes of each stream.</summary>
    public int ExecOutputLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>The address of host-network pods (the node's InternalIP).</summary>
    public string NodeIp { get; init; } = "127.0.0.1";

    /// <summary>Reads <c>orchestrator.kubelet.process</c>; the state lives under <paramref name="rootDir"/> (the kubelet's root-dir).</summary>
    public static ProcessRuntimeSettings FromConfig(Config config, string rootDir, string nodeIp)
    {
        ArgumentNullException.ThrowIfNull(config);
        var process = config.GetConfig("orchestrator.kubelet.process", Config.Empty);
        return new ProcessRuntimeSettings
        {
            StateDir = Path.Combine(rootDir, "process-runtime"),
            Busybox = process.GetString("busybox", "/bin/busybox"),
            LogMaxSize = process.GetByteSize("log-max-size", 10 * 1024 * 1024),
            PollInterval = process.GetTimeSpan("poll-interval", TimeSpan.FromMilliseconds(100)),
            NodeIp = nodeIp,
        };
    }
}
