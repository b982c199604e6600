namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A host port a container asks for: the address (0.0.0.0 when empty, meaning every address), the
/// protocol (TCP when empty) and the port (only ports above 0 are ever recorded).
/// </summary>
public readonly record struct HostPort(string Ip, string Protocol, int Port)
{
    public const string AllAddresses = "0.0.0.0";

    /// <summary>Fills the defaults Kubernetes' HostPortInfo.sanitize applies.</summary>
    public static HostPort Create(string? ip, string? protocol, int port) =>
        new(string.IsNullOrEmpty(ip) ? AllAddresses : ip, string.IsNullOrEmpty(protocol) ? "TCP" : protocol, port);

    public override string ToString() => $"{Ip}:{Port}/{Protocol}";
}
