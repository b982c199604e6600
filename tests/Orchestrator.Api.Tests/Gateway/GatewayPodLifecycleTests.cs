using System.Net;
using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Xunit;

namespace Orchestrator.Api.Tests.Gateway;

/// <summary>Pods through the gateway with the built-in kinds: binding, graceful deletion, finalizers, scale.</summary>
public sealed class GatewayPodLifecycleTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private GatewayFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await GatewayFixture.StartAsync(BuiltInResources.Register(new ResourceRegistry()));

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task A_pod_is_bound_once_then_deleted_gracefully_until_the_kubelet_confirms()
    {
        var (created, pod) = await _fixture.SendAsync(HttpMethod.Post, Pods, """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox:local"}]}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        Assert.Equal(30, pod["spec"]!["terminationGracePeriodSeconds"]!.GetValue<int>());

        var (bound, _) = await _fixture.SendAsync(HttpMethod.Post, Pods + "/p/binding", """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"kind":"Node","name":"node-1"}}""");
        Assert.Equal(HttpStatusCode.Created, bound);
        var (_, afterBind) = await _fixture.SendAsync(HttpMethod.Get, Pods + "/p");
        Assert.Equal("node-1", afterBind["spec"]!["nodeName"]!.GetValue<string>());
        var (again, conflict) = await _fixture.SendAsync(HttpMethod.Post, Pods + "/p/binding", """{"target":{"kind":"Node","name":"node-2"}}""");
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains("already assigned to node \"node-1\"", conflict["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A bound pod is deleted gracefully: marked, still there, until the kubelet deletes it with grace 0.
        var (deleting, marked) = await _fixture.SendAsync(HttpMethod.Delete, Pods + "/p");
        Assert.Equal(HttpStatusCode.OK, deleting);
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(30, marked["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Get, Pods + "/p")).Status);
        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Delete, Pods + "/p", """{"gracePeriodSeconds":0}""")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _fixture.SendAsync(HttpMethod.Get, Pods + "/p")).Status);
    }

    [Fact]
    public async Task An_unscheduled_pod_is_deleted_at_once()
    {
        await _fixture.SendAsync(HttpMethod.Post, Pods, """{"metadata":{"name":"u"},"spec":{"containers":[{"name":"c","image":"i"}]}}""");
        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Delete, Pods + "/u")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _fixture.SendAsync(HttpMethod.Get, Pods + "/u")).Status);
    }

    [Fact]
    public async Task Deletion_waits_for_finalizers_and_completes_when_the_last_is_removed()
    {
        const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
        await _fixture.SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"f","finalizers":["example.com/hold"]}}""");
        var (_, marked) = await _fixture.SendAsync(HttpMethod.Delete, ConfigMaps + "/f");
        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(HttpStatusCode.OK, (await _fixture.SendAsync(HttpMethod.Get, ConfigMaps + "/f")).Status);
        var (patched, _) = await _fixture.SendAsync(HttpMethod.Patch, ConfigMaps + "/f", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(HttpStatusCode.NotFound, (await _fixture.SendAsync(HttpMethod.Get, ConfigMaps + "/f")).Status);
    }

    [Fact]
    public async Task The_scale_subresource_reads_and_writes_replicas()
    {
        const string Deployments = "/apis/apps/v1/namespaces/default/deployments";
        var (created, _) = await _fixture.SendAsync(HttpMethod.Post, Deployments,
            """{"metadata":{"name":"d"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var (_, scale) = await _fixture.SendAsync(HttpMethod.Get, Deployments + "/d/scale");
        Assert.Equal("Scale", scale["kind"]!.GetValue<string>());
        Assert.Equal(2, scale["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("app=d", scale["status"]!["selector"]!.GetValue<string>());
        var (patched, rescaled) = await _fixture.SendAsync(HttpMethod.Patch, Deployments + "/d/scale", """{"spec":{"replicas":7}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal(7, rescaled["spec"]!["replicas"]!.GetValue<int>());
        var (_, deployment) = await _fixture.SendAsync(HttpMethod.Get, Deployments + "/d");
        Assert.Equal(7, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(2, deployment["metadata"]!["generation"]!.GetValue<int>());
        var (invalid, _) = await _fixture.SendAsync(HttpMethod.Patch, Deployments + "/d/scale", """{"spec":{"replicas":-1}}""", "application/merge-patch+json");
        Assert.Equal(422, (int)invalid);
    }

    [Fact]
    public async Task Services_get_a_cluster_IP_and_node_ports_from_their_ranges()
    {
        const string Services = "/api/v1/namespaces/default/services";
        var (created, service) = await _fixture.SendAsync(HttpMethod.Post, Services, """{"metadata":{"name":"s"},"spec":{"type":"NodePort","selector":{"app":"x"},"ports":[{"port":80}]}}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var ip = System.Net.IPAddress.Parse(service["spec"]!["clusterIP"]!.GetValue<string>());
        // The default range, 100.96.0.0/16.
        Assert.Equal(100, ip.GetAddressBytes()[0]);
        Assert.Equal(96, ip.GetAddressBytes()[1]);
        Assert.InRange(service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>(), 30000, 32767);
        Assert.Equal(80, service["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());

        var taken = service["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>();
        var (conflict, error) = await _fixture.SendAsync(HttpMethod.Post, Services, "{\"metadata\":{\"name\":\"t\"},\"spec\":{\"type\":\"NodePort\",\"ports\":[{\"port\":80,\"nodePort\":" + taken + "}]}}");
        Assert.Equal(422, (int)conflict);
        Assert.Contains("provided port is already allocated", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
