using System.Net;

namespace Orchestrator.Proxy.Forwarding;

/// <summary>One address the proxy listens on: a protocol (TCP or UDP) at an IP and port.</summary>
public sealed record ListenerKey(string Protocol, IPEndPoint Address)
{
    public override string ToString() => $"{Address}/{Protocol}";
}
