using System.Text.Json.Nodes;
using Orchestrator.Controllers.Endpoints;
using Xunit;

namespace Orchestrator.Controllers.Tests.Endpoints;

/// <summary>How pods become Endpoints subsets: repacked by the ports their addresses offer, truncated past the maximum, excluded when finished or without an IP.</summary>
public sealed class EndpointSubsetsTests
{
    private static readonly JsonObject Service = JsonNode.Parse("""
        {"metadata":{"name":"web","namespace":"default"},"spec":{"selector":{"app":"web"},
         "ports":[{"name":"http","port":80,"targetPort":"http","protocol":"TCP"},{"name":"dns","port":53,"targetPort":53,"protocol":"UDP"}]}}
        """)!.AsObject();

    [Fact]
    public void Ports_offered_by_the_same_addresses_share_a_subset()
    {
        var (subsets, truncated) = EndpointSubsets.For(Service, [Pod("a", "100.64.0.1", 8080), Pod("b", "100.64.0.2", 8080), Pod("c", "100.64.0.3", 9090)], false, 1000);

        // Kubernetes' RepackSubsets: one subset per set of addresses, holding the ports exactly that set offers.
        Assert.False(truncated);
        Assert.Equal(3, subsets.Count);
        Assert.Equal(["http:8080/TCP"], Ports(WithAddresses(subsets, "100.64.0.1", "100.64.0.2")));
        Assert.Equal(["dns:53/UDP"], Ports(WithAddresses(subsets, "100.64.0.1", "100.64.0.2", "100.64.0.3")));
        Assert.Equal(["http:9090/TCP"], Ports(WithAddresses(subsets, "100.64.0.3")));
    }

    private static JsonObject WithAddresses(JsonArray subsets, params string[] ips) =>
        subsets.OfType<JsonObject>().Single(s => s["addresses"]!.AsArray().Select(a => a!["ip"]!.GetValue<string>()).SequenceEqual(ips));

    [Fact]
    public void A_pod_without_the_named_port_offers_only_the_others_and_finished_or_addressless_pods_are_left_out()
    {
        var noHttp = Pod("n", "100.64.0.4", null);
        var finished = Pod("f", "100.64.0.5", 8080);
        finished["status"]!["phase"] = "Succeeded";
        var noIp = Pod("x", "", 8080);

        var (subsets, _) = EndpointSubsets.For(Service, [noHttp, finished, noIp], false, 1000);

        var subset = Assert.Single(subsets.OfType<JsonObject>());
        Assert.Equal(["dns:53/UDP"], Ports(subset));
        Assert.Equal("100.64.0.4", subset["addresses"]![0]!["ip"]!.GetValue<string>());
    }

    [Fact]
    public void Addresses_beyond_the_maximum_are_dropped_and_reported()
    {
        var pods = Enumerable.Range(1, 5).Select(i => Pod($"p{i}", $"100.64.0.{i}", 8080)).ToList();

        var (subsets, truncated) = EndpointSubsets.For(Service, pods, false, 3);

        Assert.True(truncated);
        Assert.Equal(3, subsets.OfType<JsonObject>().Sum(s => s["addresses"]!.AsArray().Count));
    }

    private static JsonObject Pod(string name, string ip, int? httpPort)
    {
        var ports = httpPort is { } port ? $$"""[{"name":"http","containerPort":{{port}} }]""" : "[]";
        return JsonNode.Parse($$"""
            {"metadata":{"name":"{{name}}","namespace":"default","uid":"uid-{{name}}","labels":{"app":"web"} },
             "spec":{"nodeName":"node-1","containers":[{"name":"c","ports":{{ports}} }]},
             "status":{"phase":"Running","podIP":"{{ip}}","conditions":[{"type":"Ready","status":"True"}]} }
            """)!.AsObject();
    }

    private static List<string> Ports(JsonObject subset) =>
        [.. subset["ports"]!.AsArray().Select(p => $"{p!["name"]}:{p["port"]}/{p["protocol"]}").Order(StringComparer.Ordinal)];
}
