using System.Net;
using Orchestrator.Client;
using Orchestrator.Controllers.Cloud.Provider;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Cloud.Local;

/// <summary>
/// The built-in provider for a cluster on one machine (or several on one loopback network), like k3s' ServiceLB
/// or MetalLB in layer-2 mode: LoadBalancer addresses come from a loopback pool (orchestrator.cloud.local.
/// load-balancer-pool) on which the service proxy listens; nodes are their own instances (<see cref="LocalInstances"/>);
/// routes are not needed, since every node's pods are reached through this machine's own bridge.
/// </summary>
public sealed class LocalCloudProvider : ICloudProvider
{
    public const string Name = "local";

    private static readonly IPNetwork Loopback = IPNetwork.Parse("127.0.0.0/8");
    private readonly LocalLoadBalancer _loadBalancer;

    /// <param name="cloud">The orchestrator.cloud block (its local.load-balancer-pool).</param>
    public LocalCloudProvider(AkkaConfig cloud)
        : this(ParsePool(cloud ?? throw new ArgumentNullException(nameof(cloud))))
    {
    }

    public LocalCloudProvider(IPNetwork pool) => _loadBalancer = new LocalLoadBalancer(new AddressPool(pool));

    public string ProviderName => Name;

    public IInstancesV2? InstancesV2 { get; } = new LocalInstances();

    public ILoadBalancer? LoadBalancer => _loadBalancer;

    /// <summary>None: the pods of every node are on this machine's pod bridge already.</summary>
    public IRoutes? Routes => null;

    public void Initialize(IKubeClient client) => _loadBalancer.Initialize(client);

    /// <summary>The pool, which must be loopback: nothing of it may reach a network outside this machine.</summary>
    public static IPNetwork ParsePool(AkkaConfig cloud)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        var text = cloud.GetString("local.load-balancer-pool");
        if (!IPNetwork.TryParse(text, out var pool) || pool.BaseAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new Akka.Configuration.ConfigurationException($"orchestrator.cloud.local.load-balancer-pool: \"{text}\" is not an IPv4 CIDR such as 127.240.0.0/24");
        }

        if (!Loopback.Contains(pool.BaseAddress) || pool.PrefixLength < Loopback.PrefixLength)
        {
            throw new Akka.Configuration.ConfigurationException($"orchestrator.cloud.local.load-balancer-pool: {pool} is not inside the loopback range 127.0.0.0/8");
        }

        return pool;
    }
}
