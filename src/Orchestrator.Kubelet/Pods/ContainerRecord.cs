using Orchestrator.Kubelet.Pods.Probes;
using Orchestrator.Kubelet.Runtime;

namespace Orchestrator.Kubelet.Pods;

/// <summary>
/// What the PodActor knows of one container of its spec: the runtime's latest container for it and the one before
/// (status lastState), why it is waiting, its crash-loop back-off, and what its probes said.
/// </summary>
internal sealed class ContainerRecord(string name, bool init)
{
    public string Name { get; } = name;

    public bool Init { get; } = init;

    /// <summary>The runtime's most recent container of this name, or null before the first is created.</summary>
    public ContainerStatus? Current { get; set; }

    /// <summary>The container before <see cref="Current"/>, kept dead for its logs and lastState.</summary>
    public ContainerStatus? Previous { get; set; }

    /// <summary>Why the container is waiting (ErrImagePull, CrashLoopBackOff, …), or null.</summary>
    public string? WaitingReason { get; set; }

    public string? WaitingMessage { get; set; }

    /// <summary>The crash-loop delay before the next restart; zero before the first restart.</summary>
    public TimeSpan BackoffDelay { get; set; }

    /// <summary>The startup probe passed (or there is none) since the current container started.</summary>
    public bool Started { get; set; }

    /// <summary>The readiness probe's verdict (or running, without one).</summary>
    public bool Ready { get; set; }

    /// <summary>Set when a liveness or startup probe failed: the next sync kills the container.</summary>
    public string? KillReason { get; set; }

    /// <summary>Consecutive results per probe, counted against successThreshold and failureThreshold.</summary>
    public Dictionary<ProbeKind, (int Successes, int Failures)> ProbeCounts { get; } = [];

    public int RestartCount => Current is null ? 0 : ContainerConfigBuilder.RestartCount(Current.Labels);

    public bool Running => Current?.State == ContainerState.Running;

    public bool Exited => Current?.State == ContainerState.Exited;

    public bool Succeeded => Exited && Current!.ExitCode == 0;

    /// <summary>Forgets the current container's probe results, when a new container starts.</summary>
    public void ResetProbes(bool hasStartupProbe, bool hasReadinessProbe)
    {
        ProbeCounts.Clear();
        KillReason = null;
        Started = !hasStartupProbe;
        Ready = !hasReadinessProbe;
    }
}
