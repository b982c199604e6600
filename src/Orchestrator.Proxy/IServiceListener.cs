using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;

namespace Orchestrator.Proxy;

/// <summary>
/// One Service address (protocol, IP, port) the proxy serves, in either mode: a socket listener and its forwarding
/// loops in userspace (<see cref="Forwarder"/>), or the kernel's NAT rules for it (<see cref="Kernel.KernelListener"/>).
/// The proxy actor only hands it endpoint snapshots and disposes it.
/// </summary>
public interface IServiceListener : IDisposable
{
    ListenerKey Key { get; }

    /// <summary>What it forwards to now.</summary>
    EndpointSnapshot Snapshot { get; }

    /// <summary>Whether connections to it are served now (it has endpoints, and its socket is bound or its rules installed).</summary>
    bool IsServing { get; }

    /// <summary>Forwards new connections to these endpoints from now on.</summary>
    void Update(EndpointSnapshot snapshot);
}
