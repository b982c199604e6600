namespace Orchestrator.Kubelet.Pods.Probes;

/// <summary>Which probe: liveness (failure restarts), readiness (drives Ready), startup (gates the other two).</summary>
public enum ProbeKind
{
    Liveness,
    Readiness,
    Startup,
}
