using System.Text.Json.Nodes;
using Xunit;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// The cloud controller manager of a real <c>orchestrator up</c>, driven with real kubectl: LoadBalancer
/// Services get EXTERNAL-IPs from the local provider's loopback pool, an exhausted pool leaves one pending with
/// a SyncLoadBalancerFailed Event, deleting a Service removes its finalizer and frees its address for the next
/// one, a type change to ClusterIP releases it, and the addresses in use survive a restart.
/// </summary>
public sealed class CloudControllerManagerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LoadBalancer_Services_get_pool_addresses_that_are_released_and_reused()
    {
        // Two addresses: 127.240.77.1 and .2.
        await using var cluster = await ClusterProcess.StartAsync("""
            orchestrator.cloud.enabled = on
            orchestrator.cloud.local.load-balancer-pool = "127.240.77.0/30"
            """);
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);

        Assert.Contains("service/web created", await kubectl.OkAsync("create", "service", "loadbalancer", "web", "--tcp=80:8080"), StringComparison.Ordinal);
        await WaitForExternalIpAsync(kubectl, "web", "127.240.77.1");
        var table = await kubectl.OkAsync("get", "svc", "web");
        Assert.Matches(@"web\s+LoadBalancer\s+\S+\s+127\.240\.77\.1\s+80:\d+/TCP", table);
        Assert.Equal("service.kubernetes.io/load-balancer-cleanup", await kubectl.OkAsync("get", "svc", "web", "-o", "jsonpath={.metadata.finalizers[*]}"));

        // The loops run under their own Lease, like the controller manager's.
        Assert.NotEmpty(await kubectl.OkAsync("get", "lease", "cloud-controller-manager", "-n", "kube-system", "-o", "jsonpath={.spec.holderIdentity}"));

        var manifest = Path.Combine(RepositoryRoot, "samples", "loadbalancer-service.yaml");
        Assert.Contains("service/web-lb created", await kubectl.OkAsync("apply", "-f", manifest), StringComparison.Ordinal);
        await WaitForExternalIpAsync(kubectl, "web-lb", "127.240.77.2");

        // The pool is exhausted: the third stays <pending>, with the reason in an Event.
        await kubectl.OkAsync("create", "service", "loadbalancer", "extra", "--tcp=81:8081");
        await EventuallyAsync(async () => (await ReasonsAsync(kubectl, "extra")).Contains("SyncLoadBalancerFailed"), "extra's SyncLoadBalancerFailed event");
        Assert.Matches(@"extra\s+LoadBalancer\s+\S+\s+<pending>", await kubectl.OkAsync("get", "svc", "extra"));

        // Deleting web: kubectl waits until the finalizer is removed and the object is gone; extra gets its address.
        Assert.Contains("service \"web\" deleted", await kubectl.OkAsync("delete", "svc", "web", "--timeout=60s"), StringComparison.Ordinal);
        var (code, _, stderr) = await kubectl.RunAsync("get", "svc", "web");
        Assert.NotEqual(0, code);
        Assert.Contains("NotFound", stderr, StringComparison.Ordinal);
        await WaitForExternalIpAsync(kubectl, "extra", "127.240.77.1");
        var reasons = await ReasonsAsync(kubectl, "web");
        Assert.Contains("DeletingLoadBalancer", reasons);
        Assert.Contains("DeletedLoadBalancer", reasons);
        Assert.Contains("EnsuredLoadBalancer", await ReasonsAsync(kubectl, "extra"));

        // web-lb becomes a ClusterIP Service: its address is released and its finalizer removed.
        await kubectl.OkAsync("patch", "svc", "web-lb", "-p", """{"spec":{"type":"ClusterIP"}}""");
        await EventuallyAsync(async () => (await kubectl.OkAsync("get", "svc", "web-lb", "-o", "jsonpath={.metadata.finalizers[*]}")).Length == 0, "web-lb's finalizer to be removed");
        Assert.Matches(@"web-lb\s+ClusterIP\s+\S+\s+<none>", await kubectl.OkAsync("get", "svc", "web-lb"));

        // A restart reads the addresses in use back from the Services: extra keeps .1, the next one gets .2.
        await cluster.RestartAsync();
        await kubectl.OkAsync("create", "service", "loadbalancer", "after-restart", "--tcp=82:8082");
        await WaitForExternalIpAsync(kubectl, "after-restart", "127.240.77.2");
        Assert.Equal("127.240.77.1", await kubectl.OkAsync("get", "svc", "extra", "-o", "jsonpath={.status.loadBalancer.ingress[0].ip}"));
    }

    [Fact]
    public async Task The_kubelets_node_is_initialised_by_the_local_provider()
    {
        await using var cluster = await ClusterProcess.StartAsync($"""
            orchestrator.kubelet.enabled = on
            orchestrator.kubelet.runtime = process
            orchestrator.kubelet.node-name = ccm-node
            orchestrator.kubelet.port = {ClusterProcess.FreePort()}
            orchestrator.cloud.enabled = on
            orchestrator.cloud.local.load-balancer-pool = "127.240.78.0/30"
            """);
        var kubectl = new Kubectl(Kubectl.V132, cluster.AdminConf);
        await kubectl.OkAsync("wait", "node/ccm-node", "--for=condition=Ready", "--timeout=60s");

        await EventuallyAsync(async () => await kubectl.OkAsync("get", "node", "ccm-node", "-o", "jsonpath={.spec.providerID}") == "local://ccm-node", "ccm-node's providerID");
        Assert.Equal("local", await kubectl.OkAsync("get", "node", "ccm-node", "-o", "jsonpath={.metadata.labels.node\\.kubernetes\\.io/instance-type}"));

        // The local provider keeps the address the kubelet reported, and never deletes its node.
        Assert.Equal("127.0.0.1", await kubectl.OkAsync("get", "node", "ccm-node", "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}"));
    }

    private static Task WaitForExternalIpAsync(Kubectl kubectl, string service, string ip) =>
        EventuallyAsync(
            async () => await kubectl.OkAsync("get", "svc", service, "-o", "jsonpath={.status.loadBalancer.ingress[*].ip}") == ip,
            $"service {service} to show EXTERNAL-IP {ip}");

    private static async Task<List<string>> ReasonsAsync(Kubectl kubectl, string service)
    {
        var events = JsonNode.Parse(await kubectl.OkAsync("get", "events", "-o", "json"))!["items"]!.AsArray();
        return events
            .Where(e => e!["involvedObject"]!["kind"]?.GetValue<string>() == "Service" && e["involvedObject"]!["name"]?.GetValue<string>() == service)
            .Select(e => e!["reason"]!.GetValue<string>())
            .ToList();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }
}
