using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Client;
using Orchestrator.Controllers.Cloud;
using Orchestrator.Controllers.Cloud.Local;
using Orchestrator.Controllers.Tests.TestSupport;
using Orchestrator.Model.Objects;
using Xunit;
using Xunit.Abstractions;

namespace Orchestrator.Controllers.Tests.Cloud;

/// <summary>
/// The service controller on the local provider against a real gateway: LoadBalancer Services get the
/// cleanup finalizer and a pool address in status.loadBalancer.ingress, with Kubernetes' Events; an exhausted
/// pool leaves a Service pending with a SyncLoadBalancerFailed Event until a deletion or a type change frees
/// an address; a restarted controller on a new provider does not hand out addresses Services already show.
/// </summary>
public sealed class ServiceLoadBalancerControllerTests(ITestOutputHelper output) : GatewayControllerTest("service-lb-controller", output)
{
    private const string Ns = "default";

    // Two addresses: 127.240.0.1 and .2 (.0 and .3 are the range's edges).
    private static readonly IPNetwork Pool = IPNetwork.Parse("127.240.0.0/30");

    [Fact]
    public async Task A_LoadBalancer_Service_gets_a_pool_address_the_finalizer_and_the_Events()
    {
        StartServiceController(new LocalCloudProvider(Pool));
        await CreateServiceAsync("web", "LoadBalancer");

        var service = await WaitForIngressAsync("web");
        Assert.Equal(["127.240.0.1"], Ingress(service));
        Assert.Contains(ServiceLoadBalancers.CleanupFinalizer, KubeObject.Finalizers(service));
        await EventuallyAsync(async () => (await ReasonsAsync("web")).Contains("EnsuredLoadBalancer"), "the EnsuredLoadBalancer event");
        Assert.Contains("EnsuringLoadBalancer", await ReasonsAsync("web"));

        // A ClusterIP Service is none of its business.
        await CreateServiceAsync("plain", "ClusterIP");
        await Task.Delay(300);
        var plain = await Client.GetAsync(ResourceRef.Services, Ns, "plain");
        Assert.Empty(KubeObject.Finalizers(plain));
        Assert.Empty(Ingress(plain));
    }

    [Fact]
    public async Task An_exhausted_pool_leaves_a_Service_pending_until_a_deletion_or_a_type_change_frees_an_address()
    {
        StartServiceController(new LocalCloudProvider(Pool));
        await CreateServiceAsync("a", "LoadBalancer");
        Assert.Equal(["127.240.0.1"], Ingress(await WaitForIngressAsync("a")));
        await CreateServiceAsync("b", "LoadBalancer");
        Assert.Equal(["127.240.0.2"], Ingress(await WaitForIngressAsync("b")));

        await CreateServiceAsync("c", "LoadBalancer");
        await EventuallyAsync(async () => (await ReasonsAsync("c")).Contains("SyncLoadBalancerFailed"), "c's SyncLoadBalancerFailed event");
        Assert.Empty(Ingress(await Client.GetAsync(ResourceRef.Services, Ns, "c")));
        var failure = (await Client.ListAsync(ResourceRef.Events, Ns)).Items.First(e => KubeObject.GetString(e, "reason") == "SyncLoadBalancerFailed");
        Assert.Equal("Warning", KubeObject.GetString(failure, "type"));
        Assert.Contains("no address left in the load-balancer pool 127.240.0.0/30", KubeObject.GetString(failure, "message"), StringComparison.Ordinal);

        // Deleting a: its load balancer is released, the finalizer removed, the object gone, and c gets its address.
        await Client.DeleteAsync(ResourceRef.Services, Ns, "a");
        await EventuallyAsync(async () => !await ExistsAsync("a"), "service a to be gone");
        Assert.Equal(["127.240.0.1"], Ingress(await WaitForIngressAsync("c")));
        var reasons = await ReasonsAsync("a");
        Assert.Contains("DeletingLoadBalancer", reasons);
        Assert.Contains("DeletedLoadBalancer", reasons);

        // b becomes a ClusterIP Service: released, finalizer removed, and a new one gets .2.
        await Client.PatchAsync(ResourceRef.Services, Ns, "b", PatchType.Merge, Json("""{"spec":{"type":"ClusterIP","externalTrafficPolicy":null}}"""));
        await EventuallyAsync(async () => KubeObject.Finalizers(await Client.GetAsync(ResourceRef.Services, Ns, "b")).Count == 0, "b's finalizer to be removed");
        Assert.Empty(Ingress(await Client.GetAsync(ResourceRef.Services, Ns, "b")));
        await CreateServiceAsync("d", "LoadBalancer");
        Assert.Equal(["127.240.0.2"], Ingress(await WaitForIngressAsync("d")));
    }

    [Fact]
    public async Task A_restarted_controller_on_a_new_provider_keeps_the_addresses_Services_show()
    {
        StartServiceController(new LocalCloudProvider(Pool));
        await CreateServiceAsync("first", "LoadBalancer");
        Assert.Equal(["127.240.0.1"], Ingress(await WaitForIngressAsync("first")));

        // A new process: the provider recovers what is in use from the Services' status, not from state of its own.
        await StopControllersAsync();
        var provider = new LocalCloudProvider(Pool);
        provider.Initialize(Client);
        StartServiceController(provider);
        await CreateServiceAsync("second", "LoadBalancer");
        Assert.Equal(["127.240.0.2"], Ingress(await WaitForIngressAsync("second")));
        Assert.Equal(["127.240.0.1"], Ingress(await Client.GetAsync(ResourceRef.Services, Ns, "first")));
    }

    [Fact]
    public async Task A_Service_claimed_by_another_load_balancer_class_is_left_alone()
    {
        StartServiceController(new LocalCloudProvider(Pool));
        await Client.CreateAsync(ResourceRef.Services, Json("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"other","namespace":"default"},
             "spec":{"type":"LoadBalancer","loadBalancerClass":"example.com/other","ports":[{"port":80}]} }
            """));
        await CreateServiceAsync("mine", "LoadBalancer");
        await WaitForIngressAsync("mine");
        var other = await Client.GetAsync(ResourceRef.Services, Ns, "other");
        Assert.Empty(KubeObject.Finalizers(other));
        Assert.Empty(Ingress(other));
    }

    private void StartServiceController(LocalCloudProvider provider) =>
        StartController(context => ServiceLoadBalancerController.Props(context, provider.LoadBalancer!, new CloudSettings()), ServiceLoadBalancerController.ControllerName);

    private Task<JsonObject> CreateServiceAsync(string name, string type) =>
        Client.CreateAsync(ResourceRef.Services, Json($$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{name}}","namespace":"default"},
             "spec":{"type":"{{type}}","selector":{"app":"{{name}}"},"ports":[{"port":80,"targetPort":8080}]} }
            """));

    private Task<JsonObject> WaitForIngressAsync(string name) =>
        EventuallyAsync(async () =>
        {
            var service = await Client.GetAsync(ResourceRef.Services, Ns, name);
            return Ingress(service).Count > 0 ? service : null;
        }, $"service {name} to get a load-balancer address");

    private async Task<bool> ExistsAsync(string name)
    {
        try
        {
            await Client.GetAsync(ResourceRef.Services, Ns, name);
            return true;
        }
        catch (KubeApiException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    private async Task<List<string>> ReasonsAsync(string service) =>
        (await Client.ListAsync(ResourceRef.Events, Ns)).Items
            .Where(e => KubeObject.GetString(e, "involvedObject", "name") == service && KubeObject.GetString(e, "involvedObject", "kind") == "Service")
            .Select(e => KubeObject.GetString(e, "reason")!)
            .ToList();

    private static List<string> Ingress(JsonObject service) =>
        (KubeObject.Get(service, "status", "loadBalancer", "ingress") as JsonArray ?? []).Select(i => KubeObject.GetString((JsonObject)i!, "ip")!).ToList();
}
