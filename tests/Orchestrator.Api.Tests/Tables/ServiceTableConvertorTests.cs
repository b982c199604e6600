using Orchestrator.Api.Tables;
using Xunit;
using static Orchestrator.Api.Tests.Tables.TableAssert;

namespace Orchestrator.Api.Tests.Tables;

public sealed class ServiceTableConvertorTests
{
    private readonly ServiceTableConvertor _table = ServiceTableConvertor.Instance;

    private static string Service(string spec, string status = "{}") => $$"""
        {"metadata":{"name":"web","creationTimestamp":"2024-06-01T11:59:30Z"},"spec":{{spec}},"status":{{status}}}
        """;

    [Fact]
    public void Columns_are_Kubernetes()
    {
        Assert.Equal("NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE SELECTOR*", Headers(_table));
    }

    [Fact]
    public void A_cluster_ip_service()
    {
        var row = Row(_table, Service("""
            {"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"selector":{"tier":"front","app":"web"},
             "ports":[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}
            """));

        Assert.Equal(["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "30s", "app=web,tier=front"], row);
    }

    [Fact]
    public void Node_ports_follow_the_port()
    {
        var row = Row(_table, Service("""
            {"type":"NodePort","clusterIPs":["10.96.0.11"],"externalIPs":["203.0.113.5"],
             "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":443,"nodePort":30443,"protocol":"TCP"}]}
            """));

        Assert.Equal(["NodePort", "10.96.0.11", "203.0.113.5", "80:30080/TCP,443:30443/TCP"], row.Skip(1).Take(4));
    }

    [Fact]
    public void Load_balancers_are_pending_until_they_have_an_address()
    {
        const string Spec = """{"type":"LoadBalancer","clusterIPs":["10.96.0.12"],"ports":[{"port":80,"nodePort":31000,"protocol":"TCP"}]}""";

        Assert.Equal("<pending>", Cell(_table, Service(Spec), "External-IP"));
        Assert.Equal("198.51.100.2,lb.example.com", Cell(_table, Service(Spec, """{"loadBalancer":{"ingress":[{"ip":"198.51.100.2"},{"hostname":"lb.example.com"}]}}"""), "External-IP"));
        Assert.Equal("198.51.100.2,203.0.113.9", Cell(_table, Service(Spec.Replace("\"ports\"", "\"externalIPs\":[\"203.0.113.9\"],\"ports\"", StringComparison.Ordinal),
            """{"loadBalancer":{"ingress":[{"ip":"198.51.100.2"}]}}"""), "External-IP"));
    }

    [Fact]
    public void External_name_services_show_the_name_and_nones()
    {
        var row = Row(_table, Service("""{"type":"ExternalName","externalName":"db.example.com"}"""));

        Assert.Equal(["web", "ExternalName", "<none>", "db.example.com", "<none>", "30s", "<none>"], row);
    }

    [Fact]
    public void A_headless_service_shows_None()
    {
        Assert.Equal("None", Cell(_table, Service("""{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"]}"""), "Cluster-IP"));
    }
}
