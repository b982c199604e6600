using System.Text.Json.Nodes;
using Orchestrator.Kubelet.Pods.Env;
using Xunit;

namespace Orchestrator.Kubelet.Tests.Pods;

/// <summary>The Service environment variables, named and chosen as Kubernetes' kubelet does.</summary>
public sealed class ServiceEnvironmentTests
{
    private static readonly JsonObject[] Services =
    [
        Json("""{"metadata":{"name":"kubernetes","namespace":"default"},"spec":{"clusterIP":"100.96.0.1","ports":[{"name":"https","port":443,"protocol":"TCP"}]}}"""),
        Json("""{"metadata":{"name":"web-front","namespace":"shop"},"spec":{"clusterIP":"100.96.3.4","ports":[{"name":"http","port":80,"protocol":"TCP"},{"name":"dns-udp","port":53,"protocol":"UDP"}]}}"""),
        Json("""{"metadata":{"name":"plain","namespace":"shop"},"spec":{"clusterIP":"100.96.3.5","ports":[{"port":8080}]}}"""),
        Json("""{"metadata":{"name":"headless","namespace":"shop"},"spec":{"clusterIP":"None","ports":[{"port":80}]}}"""),
        Json("""{"metadata":{"name":"elsewhere","namespace":"other"},"spec":{"clusterIP":"100.96.9.9","ports":[{"port":80}]}}"""),
    ];

    [Fact]
    public void A_service_gives_the_service_and_docker_link_variables()
    {
        var env = ServiceEnvironment.FromServices([Services[1]]);
        Assert.Equal(
            [
                ("WEB_FRONT_SERVICE_HOST", "100.96.3.4"),
                ("WEB_FRONT_SERVICE_PORT", "80"),
                ("WEB_FRONT_SERVICE_PORT_HTTP", "80"),
                ("WEB_FRONT_SERVICE_PORT_DNS_UDP", "53"),
                ("WEB_FRONT_PORT", "tcp://100.96.3.4:80"),
                ("WEB_FRONT_PORT_80_TCP", "tcp://100.96.3.4:80"),
                ("WEB_FRONT_PORT_80_TCP_PROTO", "tcp"),
                ("WEB_FRONT_PORT_80_TCP_PORT", "80"),
                ("WEB_FRONT_PORT_80_TCP_ADDR", "100.96.3.4"),
                ("WEB_FRONT_PORT_53_UDP", "udp://100.96.3.4:53"),
                ("WEB_FRONT_PORT_53_UDP_PROTO", "udp"),
                ("WEB_FRONT_PORT_53_UDP_PORT", "53"),
                ("WEB_FRONT_PORT_53_UDP_ADDR", "100.96.3.4"),
            ],
            env.Select(e => (e.Key, e.Value)));
    }

    [Fact]
    public void A_pod_gets_its_namespaces_services_with_a_cluster_ip_and_always_the_kubernetes_service()
    {
        Assert.Equal(["kubernetes", "plain", "web-front"], ServiceEnvironment.Select(Services, "shop", enableServiceLinks: true).Select(Name));
        Assert.Equal(["kubernetes"], ServiceEnvironment.Select(Services, "shop", enableServiceLinks: false).Select(Name));
        Assert.Equal(["elsewhere", "kubernetes"], ServiceEnvironment.Select(Services, "other", enableServiceLinks: true).Select(Name));

        var env = ServiceEnvironment.FromServices(ServiceEnvironment.Select(Services, "shop", enableServiceLinks: true)).ToDictionary(e => e.Key, e => e.Value);
        Assert.Equal("100.96.0.1", env["KUBERNETES_SERVICE_HOST"]);
        Assert.Equal("443", env["KUBERNETES_SERVICE_PORT_HTTPS"]);
        Assert.Equal("8080", env["PLAIN_SERVICE_PORT"]);
        Assert.False(env.ContainsKey("HEADLESS_SERVICE_HOST"));
        Assert.False(env.ContainsKey("ELSEWHERE_SERVICE_HOST"));
    }

    [Fact]
    public void A_namespaces_own_kubernetes_service_wins_over_defaults()
    {
        var own = Json("""{"metadata":{"name":"kubernetes","namespace":"shop"},"spec":{"clusterIP":"100.96.7.7","ports":[{"port":1}]}}""");
        var selected = ServiceEnvironment.Select([.. Services, own], "shop", enableServiceLinks: true);
        Assert.Equal("100.96.7.7", selected.Single(s => Name(s) == "kubernetes")["spec"]!["clusterIP"]!.GetValue<string>());
    }

    private static string Name(JsonObject service) => service["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
