namespace Orchestrator.Kubelet.Node;

/// <summary>What the node's pressure conditions say now: each pressure with the message that explains it when true.</summary>
public sealed record NodeHealth(bool MemoryPressure, bool DiskPressure, bool PidPressure)
{
    public static NodeHealth Healthy { get; } = new(false, false, false);
}

/// <summary>Reads the node's pressures; the machine's in production, a test's own in tests.</summary>
public interface INodeHealthProbe
{
    NodeHealth Read();
}
