using System.Net;

namespace Orchestrator.Proxy.Addresses;

/// <summary>
/// The host dummy interface that carries every Service address this node serves (ClusterIPs, the DNS address), as
/// kube-proxy's IPVS mode binds them to <c>kube-ipvs0</c>: an address on it is local to the host, so a listener can
/// bind it and pods reach it through their default route to the node. Addresses in 127.0.0.0/8 (the no-root fallback)
/// are local already and need no interface. Shared by the proxy and the DNS server, which both bind Service addresses.
/// </summary>
public sealed class ServiceAddressInterface : IDisposable
{
    public const string DefaultName = "orch-svc0";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _created;

    public ServiceAddressInterface(string name = DefaultName)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>Makes the address local to the host (idempotent). Loopback addresses need nothing.</summary>
    public async Task AddAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                // "File exists" means an earlier run created it: the interface outlives the process, as kube-ipvs0 does.
                // Kernels built without the dummy driver (this project's VMs) get a bridge with no ports, which is
                // the same thing to IP: a link that only carries local addresses.
                var link = await RunAsync(["link", "add", Name, "type", "dummy"], cancellationToken).ConfigureAwait(false);
                if (link.ExitCode != 0 && link.Stderr.Contains("Unknown device type", StringComparison.Ordinal))
                {
                    link = await RunAsync(["link", "add", Name, "type", "bridge"], cancellationToken).ConfigureAwait(false);
                }

                if (link.ExitCode != 0 && !link.Stderr.Contains("File exists", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"ip link add {Name} failed: {link.Stderr.Trim()}");
                }

                await CheckedAsync(["link", "set", Name, "up"], cancellationToken).ConfigureAwait(false);
                _created = true;
            }

            var add = await RunAsync(["addr", "add", $"{address}/{HostPrefix(address)}", "dev", Name], cancellationToken).ConfigureAwait(false);
            if (add.ExitCode != 0 && !add.Stderr.Contains("File exists", StringComparison.Ordinal) && !add.Stderr.Contains("already assigned", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"ip addr add {address} dev {Name} failed: {add.Stderr.Trim()}");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes the address (idempotent).</summary>
    public async Task RemoveAsync(IPAddress address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (IPAddress.IsLoopback(address))
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // "Cannot assign requested address": it was not there.
            await RunAsync(["addr", "del", $"{address}/{HostPrefix(address)}", "dev", Name], cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static int HostPrefix(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;

    private static async Task CheckedAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', args)} failed: {result.Stderr.Trim()}");
        }
    }

    private static async Task<(int ExitCode, string Stderr)> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (code, _, stderr) = await HostTool.RunAsync(HostTool.Find("ip") ?? "ip", args, null, cancellationToken).ConfigureAwait(false);
        return (code, stderr);
    }
}
