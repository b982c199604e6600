using Orchestrator.Kubelet.Hollow;
using Orchestrator.Kubelet.Network;
using Orchestrator.Kubelet.Tests.TestSupport;

namespace Orchestrator.Kubelet.Tests.Network;

/// <summary>
/// A node's CNI set-up for one test class: its own data directory, bridge and podCIDR (inside 100.64.0.0/12, used by no
/// other test), and the network namespaces it made; disposing removes every namespace, the bridge and the directory.
/// </summary>
public sealed class CniTestNode : IAsyncDisposable
{
    private readonly List<string> _namespaces = [];

    public CniTestNode(string bridge, string podCidr)
    {
        Bridge = bridge;
        PodCidr = Ipv4Cidr.Parse(podCidr);
        DataDir = Directory.CreateTempSubdirectory("orch-cni-").FullName;
        Settings = new CniSettings
        {
            ConfDir = Path.Combine(DataDir, "net.d"),
            CacheDir = Path.Combine(DataDir, "cache"),
            IpamDataDir = Path.Combine(DataDir, "networks"),
            BridgeName = bridge,
            NetworkName = "orch-test",
        };
    }

    public string Bridge { get; }

    public Ipv4Cidr PodCidr { get; }

    public string DataDir { get; }

    public CniSettings Settings { get; }

    /// <summary>host-local's directory of the test network: one file per address in use.</summary>
    public string AddressDir => Path.Combine(Settings.IpamDataDir, Settings.NetworkName);

    /// <summary>The addresses host-local has handed out and not freed.</summary>
    public IReadOnlyList<string> AllocatedAddresses() =>
        Directory.Exists(AddressDir)
            ? Directory.GetFiles(AddressDir).Select(Path.GetFileName).OfType<string>().Where(f => char.IsDigit(f[0])).ToList()
            : [];

    /// <summary>Creates a named network namespace; returns its path.</summary>
    public async Task<string> AddNetnsAsync(string name)
    {
        await HostCommand.CheckedAsync("ip", "netns", "add", name);
        lock (_namespaces)
        {
            _namespaces.Add(name);
        }

        return $"/var/run/netns/{name}";
    }

    public async Task DeleteNetnsAsync(string name)
    {
        await HostCommand.RunAsync("ip", "netns", "delete", name);
        lock (_namespaces)
        {
            _namespaces.Remove(name);
        }
    }

    public static PodNetworkAttachment Attachment(string id, string netns) =>
        new(id, netns, "default", $"pod-{id}", $"uid-{id}", []);

    public async ValueTask DisposeAsync()
    {
        foreach (var name in _namespaces.ToList())
        {
            await HostCommand.RunAsync("ip", "netns", "delete", name);
        }

        await HostCommand.RunAsync("ip", "link", "delete", Bridge);
        Directory.Delete(DataDir, recursive: true);
    }
}
