namespace Orchestrator.Scheduler.Framework;

/// <summary>A topology domain: a node label key and one of its values (zone=a, kubernetes.io/hostname=n1).</summary>
public readonly record struct TopologyPair(string Key, string Value)
{
    public override string ToString() => $"{Key}={Value}";
}
