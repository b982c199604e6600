using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.TestSupport;
using Orchestrator.Client;
using Orchestrator.Controllers.Cloud;
using Orchestrator.Controllers.Cloud.Local;
using Orchestrator.Controllers.Cloud.Provider;
using Xunit;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>The settings, the provider chosen by configuration, and the local provider's address pool.</summary>
public sealed class LocalCloudProviderTests
{
    [Fact]
    public void The_reference_settings_are_the_Kubernetes_defaults_and_the_local_provider_on_a_loopback_pool()
    {
        var settings = CloudSettings.FromConfig(GatewaySystem.Config());

        Assert.Equal(new CloudSettings { Config = settings.Config }, settings);
        Assert.Equal("local", settings.Provider);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.NodeStatusUpdateFrequency);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.NodeMonitorPeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.RouteReconciliationPeriod);
        Assert.Equal(IPNetwork.Parse("127.240.0.0/24"), LocalCloudProvider.ParsePool(settings.Config));
    }

    [Fact]
    public void The_local_provider_runs_the_node_lifecycle_and_service_loops_and_no_route_loop()
    {
        var provider = CloudProviders.Create("local", Akka.Configuration.ConfigurationFactory.ParseString("local.load-balancer-pool = \"127.240.1.0/28\""));

        Assert.IsType<LocalCloudProvider>(provider);
        Assert.Null(provider.Routes);
        Assert.Equal(
            [CloudNodeController.ControllerName, CloudNodeLifecycleController.ControllerName, ServiceLoadBalancerController.ControllerName],
            CloudControllers.All(provider, new CloudSettings()).Select(r => r.Name));
    }

    [Fact]
    public void Another_provider_is_plugged_in_by_its_type_name_and_a_wrong_name_is_a_configuration_error()
    {
        var provider = CloudProviders.Create(typeof(RoutesOnlyProvider).AssemblyQualifiedName!, AkkaConfig.Empty);

        Assert.IsType<RoutesOnlyProvider>(provider);
        Assert.Equal([RouteController.ControllerName], CloudControllers.All(provider, new CloudSettings()).Select(r => r.Name));
        Assert.Empty(CloudControllers.All(provider, new CloudSettings { ConfigureCloudRoutes = false }));
        Assert.Throws<Akka.Configuration.ConfigurationException>(() => CloudProviders.Create("No.Such.Provider, nowhere", AkkaConfig.Empty));
        Assert.Throws<Akka.Configuration.ConfigurationException>(() => CloudProviders.Create(typeof(string).AssemblyQualifiedName!, AkkaConfig.Empty));
    }

    [Theory]
    [InlineData("10.0.0.0/24")]
    [InlineData("192.168.1.0/24")]
    [InlineData("0.0.0.0/0")]
    [InlineData("::1/128")]
    [InlineData("not-a-cidr")]
    public void A_pool_outside_loopback_is_refused(string pool) =>
        Assert.Throws<Akka.Configuration.ConfigurationException>(() => new LocalCloudProvider(Akka.Configuration.ConfigurationFactory.ParseString($"local.load-balancer-pool = \"{pool}\"")));

    [Fact]
    public void The_pool_hands_out_the_lowest_free_address_and_leaves_the_range_edges_out()
    {
        var pool = new AddressPool(IPNetwork.Parse("127.240.0.0/29"));

        Assert.Equal(6, pool.Capacity);
        var given = Enumerable.Range(0, 6).Select(_ => pool.Allocate()!.ToString()).ToList();
        Assert.Equal(["127.240.0.1", "127.240.0.2", "127.240.0.3", "127.240.0.4", "127.240.0.5", "127.240.0.6"], given);
        Assert.Null(pool.Allocate());
        pool.Release(IPAddress.Parse("127.240.0.3"));
        Assert.Equal("127.240.0.3", pool.Allocate()!.ToString());
        Assert.False(pool.Occupy(IPAddress.Parse("127.240.0.7")));
        Assert.Equal(2, new AddressPool(IPNetwork.Parse("127.240.0.8/31")).Capacity);
    }

    [Fact]
    public async Task A_requested_loadBalancerIP_is_given_when_it_is_a_free_pool_address()
    {
        var balancer = new LocalLoadBalancer(new AddressPool(IPNetwork.Parse("127.240.0.0/29")));
        var status = await balancer.EnsureLoadBalancerAsync("kubernetes", Service("a", "127.240.0.5"), [], CancellationToken.None);
        Assert.Equal("127.240.0.5", status.Ingress.Single().Ip);

        // The same Service again: the same address (every call is idempotent).
        Assert.Equal(status, await balancer.EnsureLoadBalancerAsync("kubernetes", Service("a", "127.240.0.5"), [], CancellationToken.None));
        await Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.EnsureLoadBalancerAsync("kubernetes", Service("b", "127.240.0.5"), [], CancellationToken.None));
        await Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => balancer.EnsureLoadBalancerAsync("kubernetes", Service("c", "127.0.0.1"), [], CancellationToken.None));

        await balancer.EnsureLoadBalancerDeletedAsync("kubernetes", Service("a", null), CancellationToken.None);
        Assert.False((await balancer.GetLoadBalancerAsync("kubernetes", Service("a", null), CancellationToken.None)).Exists);
        Assert.Equal("127.240.0.5", (await balancer.EnsureLoadBalancerAsync("kubernetes", Service("b", "127.240.0.5"), [], CancellationToken.None)).Ingress.Single().Ip);
    }

    private static JsonObject Service(string name, string? loadBalancerIp)
    {
        var spec = new JsonObject { ["type"] = "LoadBalancer" };
        if (loadBalancerIp is not null)
        {
            spec["loadBalancerIP"] = loadBalancerIp;
        }

        return new JsonObject { ["kind"] = "Service", ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" }, ["spec"] = spec };
    }

    /// <summary>A provider with routes only, to be named by its type.</summary>
    public sealed class RoutesOnlyProvider : ICloudProvider
    {
        public string ProviderName => "routes-only";

        public IInstancesV2? InstancesV2 => null;

        public ILoadBalancer? LoadBalancer => null;

        public IRoutes? Routes { get; } = new InMemoryRoutes();

        public void Initialize(IKubeClient client)
        {
        }
    }
}
