namespace Orchestrator.Proxy;

/// <summary>Asks the <see cref="ProxyActor"/> what it listens on; it answers <see cref="ProxyListeners"/>.</summary>
public sealed record GetProxyListeners
{
    public static GetProxyListeners Instance { get; } = new();
}

/// <summary>The proxy's listeners now.</summary>
public sealed record ProxyListeners(IReadOnlyList<ListenerStatus> Listeners);

/// <summary>
/// One listener: protocol, address and port, the Service ("namespace/name") it serves, whether its socket is bound
/// (false while it has no ready endpoints, so that connections are refused, or while a bind is being retried), and
/// how many endpoints it forwards to.
/// </summary>
public sealed record ListenerStatus(string Protocol, string Address, int Port, string Service, bool Bound, int Endpoints)
{
    public override string ToString() => $"{Address}:{Port}/{Protocol}";
}
