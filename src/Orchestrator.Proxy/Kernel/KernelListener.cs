using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;

namespace Orchestrator.Proxy.Kernel;

/// <summary>A Service address served by the kernel: its endpoints are rules in the <see cref="NftablesProxier"/>'s table.</summary>
public sealed class KernelListener : IServiceListener
{
    private readonly NftablesProxier _proxier;

    internal KernelListener(NftablesProxier proxier, ListenerKey key)
    {
        _proxier = proxier;
        Key = key;
    }

    public ListenerKey Key { get; }

    public EndpointSnapshot Snapshot { get; private set; } = EndpointSnapshot.Empty;

    public bool IsServing => !Snapshot.IsEmpty && _proxier.IsInstalled(Key, Snapshot);

    public void Update(EndpointSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Snapshot = snapshot;
        _proxier.Set(Key, snapshot);
    }

    public void Dispose() => _proxier.Remove(Key);
}
