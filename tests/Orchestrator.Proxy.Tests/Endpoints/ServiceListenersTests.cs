using System.Net;
using System.Text.Json.Nodes;
using Orchestrator.Proxy.Endpoints;
using Orchestrator.Proxy.Forwarding;
using Xunit;

namespace Orchestrator.Proxy.Tests.Endpoints;

public sealed class ServiceListenersTests
{
    private static readonly IPAddress[] NodeAddresses = [IPAddress.Loopback];

    private static readonly JsonObject Slice = Json("""
        {"metadata":{"name":"web-abc","namespace":"default","labels":{"kubernetes.io/service-name":"web"}},
         "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"dns","port":5353,"protocol":"UDP"}],
         "endpoints":[
           {"addresses":["100.64.0.3"],"conditions":{"ready":true},"nodeName":"node-b"},
           {"addresses":["100.64.0.2"],"conditions":{"ready":true},"nodeName":"node-a"},
           {"addresses":["100.64.0.4"],"conditions":{"ready":false},"nodeName":"node-a"},
           {"addresses":["100.64.0.5"],"nodeName":"node-b"}]}
        """);

    [Fact]
    public void AClusterIpServiceListensOnItsClusterIpForEveryPortWithTheReadyEndpoints()
    {
        var listeners = ServiceListeners.For(Service("""{"clusterIP":"100.96.0.20","clusterIPs":["100.96.0.20"],"ports":[{"name":"http","port":80,"targetPort":8080},{"name":"dns","port":53,"protocol":"UDP"}]}"""), [Slice], "node-a", NodeAddresses);

        Assert.Equal(2, listeners.Count);
        var http = listeners[new ListenerKey("TCP", IPEndPoint.Parse("100.96.0.20:80"))];
        // Not-ready endpoints are left out; one without a ready condition counts as ready. Sorted, so a resync changes nothing.
        Assert.Equal(["100.64.0.2:8080", "100.64.0.3:8080", "100.64.0.5:8080"], http.Endpoints.Select(e => e.ToString()));
        Assert.Null(http.AffinityTimeout);
        var dns = listeners[new ListenerKey("UDP", IPEndPoint.Parse("100.96.0.20:53"))];
        Assert.Equal(["100.64.0.2:5353", "100.64.0.3:5353", "100.64.0.5:5353"], dns.Endpoints.Select(e => e.ToString()));
    }

    [Fact]
    public void NodePortAndLoadBalancerServicesAlsoListenOnTheNodeAndIngressAddresses()
    {
        var service = Service(
            """{"type":"LoadBalancer","clusterIP":"100.96.0.21","ports":[{"name":"http","port":80,"nodePort":30080}]}""",
            """{"loadBalancer":{"ingress":[{"ip":"127.240.0.5"}]}}""");
        var listeners = ServiceListeners.For(service, [Slice], "node-a", NodeAddresses);

        Assert.Equal(
            ["100.96.0.21:80/TCP", "127.0.0.1:30080/TCP", "127.240.0.5:80/TCP"],
            listeners.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExternalIpsAreServedAtTheServicePortWithTheExternalTrafficPolicy()
    {
        var service = Service("""
            {"clusterIP":"100.96.0.23","externalIPs":["127.241.0.9","not-an-ip"],"externalTrafficPolicy":"Local",
             "ports":[{"name":"http","port":80}]}
            """);
        var listeners = ServiceListeners.For(service, [Slice], "node-a", NodeAddresses);

        Assert.Equal(["100.96.0.23:80/TCP", "127.241.0.9:80/TCP"], listeners.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["100.64.0.2:8080"], listeners[new ListenerKey("TCP", IPEndPoint.Parse("127.241.0.9:80"))].Endpoints.Select(e => e.ToString()));
    }

    [Fact]
    public void LocalTrafficPoliciesPreferThisNodesEndpoints()
    {
        var service = Service("""
            {"type":"NodePort","clusterIP":"100.96.0.22","internalTrafficPolicy":"Local","externalTrafficPolicy":"Cluster",
             "ports":[{"name":"http","port":80,"nodePort":30081}]}
            """);
        var onA = ServiceListeners.For(service, [Slice], "node-a", NodeAddresses);
        Assert.Equal(["100.64.0.2:8080"], onA[new ListenerKey("TCP", IPEndPoint.Parse("100.96.0.22:80"))].Endpoints.Select(e => e.ToString()));
        Assert.Equal(3, onA[new ListenerKey("TCP", IPEndPoint.Parse("127.0.0.1:30081"))].Endpoints.Count);

        // A node with no endpoint of its own falls back to all of them rather than dropping the traffic.
        var onC = ServiceListeners.For(service, [Slice], "node-c", NodeAddresses);
        Assert.Equal(3, onC[new ListenerKey("TCP", IPEndPoint.Parse("100.96.0.22:80"))].Endpoints.Count);

        var external = Service("""{"type":"NodePort","clusterIP":"100.96.0.22","externalTrafficPolicy":"Local","ports":[{"name":"http","port":80,"nodePort":30081}]}""");
        var listeners = ServiceListeners.For(external, [Slice], "node-b", NodeAddresses);
        Assert.Equal(["100.64.0.3:8080", "100.64.0.5:8080"], listeners[new ListenerKey("TCP", IPEndPoint.Parse("127.0.0.1:30081"))].Endpoints.Select(e => e.ToString()));
        Assert.Equal(3, listeners[new ListenerKey("TCP", IPEndPoint.Parse("100.96.0.22:80"))].Endpoints.Count);
    }

    [Theory]
    [InlineData("""{"sessionAffinity":"ClientIP","clusterIP":"100.96.0.23","ports":[{"name":"http","port":80}]}""", 10800)]
    [InlineData("""{"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":60}},"clusterIP":"100.96.0.23","ports":[{"name":"http","port":80}]}""", 60)]
    public void ClientIpAffinityCarriesItsTimeout(string spec, int seconds)
    {
        var listener = Assert.Single(ServiceListeners.For(Service(spec), [Slice], "node-a", NodeAddresses));
        Assert.Equal(TimeSpan.FromSeconds(seconds), listener.Value.AffinityTimeout);
    }

    [Theory]
    [InlineData("""{"clusterIP":"None","ports":[{"name":"http","port":80}]}""", "")]
    [InlineData("""{"type":"ExternalName","externalName":"db.example.com"}""", "")]
    [InlineData("""{"clusterIP":"100.96.0.10","ports":[{"name":"dns","port":53,"protocol":"UDP"}]}""", "orchestrator-dns")]
    public void HeadlessExternalNameAndOtherProxiesServicesAreLeftAlone(string spec, string proxyName)
    {
        var service = Service(spec);
        if (proxyName.Length > 0)
        {
            service["metadata"]!["labels"] = new JsonObject { [ServiceListeners.ServiceProxyNameLabel] = proxyName };
        }

        Assert.False(ServiceListeners.IsProxied(service));
        Assert.Empty(ServiceListeners.For(service, [Slice], "node-a", NodeAddresses));
    }

    [Fact]
    public void AnEndpointInTwoSlicesIsForwardedToOnce()
    {
        var moved = Slice.DeepClone().AsObject();
        moved["metadata"]!["name"] = "web-def";
        var (all, _) = ServiceListeners.ReadyEndpoints([Slice, moved], "http", "TCP", "node-a");
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public void AServicePortWithoutAMatchingSlicePortHasNoEndpoints()
    {
        var listener = Assert.Single(ServiceListeners.For(Service("""{"clusterIP":"100.96.0.24","ports":[{"name":"metrics","port":9090}]}"""), [Slice], "node-a", NodeAddresses));
        Assert.True(listener.Value.IsEmpty);
    }

    private static JsonObject Service(string spec, string status = "{}") =>
        Json($$"""{"metadata":{"name":"web","namespace":"default"},"spec":{{spec}},"status":{{status}}}""");

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
