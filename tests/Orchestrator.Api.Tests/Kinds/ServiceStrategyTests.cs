using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class ServiceStrategyTests
{
    private const string Web = """
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default"},
         "spec":{"selector":{"app":"web"},"ports":[{"port":80}]}}
        """;

    private readonly ServiceStrategy _strategy = new();

    private JsonObject Created(string patch = "{}")
    {
        var service = Patch(Json(Web), patch);
        Valid(StrategyFlow.Create(_strategy, service));
        return service;
    }

    private FieldErrorList CreateErrors(string patch) => StrategyFlow.Create(_strategy, Patch(Json(Web), patch));

    [Fact]
    public void A_minimal_service_gets_Kubernetes_defaults_and_an_empty_load_balancer_status()
    {
        var service = Created();

        var expected = Json("""
            {
              "selector": {"app": "web"},
              "ports": [{"port": 80, "protocol": "TCP", "targetPort": 80}],
              "sessionAffinity": "None",
              "type": "ClusterIP",
              "internalTrafficPolicy": "Cluster",
              "ipFamilyPolicy": "SingleStack",
              "ipFamilies": ["IPv4"]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, service["spec"]), service["spec"]!.ToJsonString());
        Assert.Equal("""{"loadBalancer":{}}""", service["status"]!.ToJsonString());
    }

    [Fact]
    public void Node_port_and_load_balancer_services_default_their_external_traffic_policy()
    {
        var nodePort = Created("""{"spec":{"type":"NodePort"}}""");
        var loadBalancer = Created("""{"spec":{"type":"LoadBalancer"}}""");
        var withExternalIp = Created("""{"spec":{"externalIPs":["203.0.113.7"]}}""");

        Assert.Equal("Cluster", nodePort["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
        Assert.Null(nodePort["spec"]!["allocateLoadBalancerNodePorts"]);
        Assert.Equal("Cluster", loadBalancer["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
        Assert.True(loadBalancer["spec"]!["allocateLoadBalancerNodePorts"]!.GetValue<bool>());
        Assert.Equal("Cluster", withExternalIp["spec"]!["externalTrafficPolicy"]!.GetValue<string>());
        Assert.Null(Created()["spec"]!["externalTrafficPolicy"]);
    }

    [Fact]
    public void Named_target_ports_protocols_and_client_ip_affinity_are_kept_or_completed()
    {
        var service = Created("""
            {"spec":{"sessionAffinity":"ClientIP","ports":[{"name":"http","port":80,"targetPort":"web"},{"name":"dns","port":53,"protocol":"UDP","targetPort":0}]}}
            """);

        var ports = service["spec"]!["ports"]!.AsArray();
        Assert.Equal("web", ports[0]!["targetPort"]!.GetValue<string>());
        Assert.Equal(53, ports[1]!["targetPort"]!.GetValue<int>());
        Assert.Equal("UDP", ports[1]!["protocol"]!.GetValue<string>());
        Assert.Equal(10800, service["spec"]!["sessionAffinityConfig"]!["clientIP"]!["timeoutSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void A_given_cluster_ip_fills_cluster_ips_and_the_family()
    {
        var v4 = Created("""{"spec":{"clusterIP":"10.96.0.10"}}""");
        var v6 = Created("""{"spec":{"clusterIP":"fd00::10"}}""");

        Assert.Equal("""["10.96.0.10"]""", v4["spec"]!["clusterIPs"]!.ToJsonString());
        Assert.Equal("""["IPv4"]""", v4["spec"]!["ipFamilies"]!.ToJsonString());
        Assert.Equal("""["IPv6"]""", v6["spec"]!["ipFamilies"]!.ToJsonString());
    }

    [Fact]
    public void Headless_services_need_no_ports_and_without_a_selector_ask_for_dual_stack()
    {
        var headless = Created("""{"spec":{"clusterIP":"None","ports":null}}""");
        var selectorless = Created("""{"spec":{"clusterIP":"None","ports":null,"selector":null}}""");

        Assert.Equal("SingleStack", headless["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("RequireDualStack", selectorless["spec"]!["ipFamilyPolicy"]!.GetValue<string>());
    }

    [Fact]
    public void External_name_services_get_no_cluster_ip_fields()
    {
        var service = Created("""{"spec":{"type":"ExternalName","externalName":"db.example.com.","ports":null,"selector":null}}""");

        Assert.Null(service["spec"]!["ipFamilies"]);
        Assert.Null(service["spec"]!["ipFamilyPolicy"]);
        Assert.Null(service["spec"]!["internalTrafficPolicy"]);
    }

    [Theory]
    [InlineData("""{"spec":{"ports":[]}}""", "spec.ports", FieldErrorType.Required)]
    [InlineData("""{"spec":{"ports":[{"port":0}]}}""", "spec.ports[0].port", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"ports":[{"port":65536}]}}""", "spec.ports[0].port", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"ports":[{"port":80},{"name":"b","port":81}]}}""", "spec.ports[0].name", FieldErrorType.Required)]
    [InlineData("""{"spec":{"ports":[{"name":"a","port":80},{"name":"a","port":81}]}}""", "spec.ports[1].name", FieldErrorType.Duplicate)]
    [InlineData("""{"spec":{"ports":[{"name":"Web","port":80}]}}""", "spec.ports[0].name", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"ports":[{"name":"a","port":80},{"name":"b","port":80}]}}""", "spec.ports[1]", FieldErrorType.Duplicate)]
    [InlineData("""{"spec":{"ports":[{"port":80,"protocol":"ICMP"}]}}""", "spec.ports[0].protocol", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"ports":[{"port":80,"targetPort":70000}]}}""", "spec.ports[0].targetPort", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"ports":[{"port":80,"targetPort":"no_underscores"}]}}""", "spec.ports[0].targetPort", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"type":"Magic"}}""", "spec.type", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"ports":[{"port":80,"nodePort":30080}]}}""", "spec.ports[0].nodePort", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":8080}]}}""", "spec.ports[0].nodePort", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"type":"NodePort","ports":[{"name":"a","port":80,"nodePort":30080},{"name":"b","port":81,"nodePort":30080}]}}""", "spec.ports[1].nodePort", FieldErrorType.Duplicate)]
    [InlineData("""{"spec":{"clusterIP":"10.96.0"}}""", "spec.clusterIPs[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"clusterIP":"10.96.0.1","clusterIPs":["10.96.0.2"]}}""", "spec.clusterIPs", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"clusterIPs":["10.96.0.2"]}}""", "spec.clusterIPs", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"clusterIP":"10.96.0.1","clusterIPs":["10.96.0.1","10.96.0.2"]}}""", "spec.clusterIPs", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"clusterIP":"10.96.0.1","ipFamilies":["IPv6"]}}""", "spec.clusterIPs[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"ipFamilies":["IPv5"]}}""", "spec.ipFamilies[0]", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"ipFamilyPolicy":"Sometimes"}}""", "spec.ipFamilyPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"type":"NodePort","clusterIP":"None"}}""", "spec.clusterIPs[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"type":"LoadBalancer","ports":[{"port":10250}]}}""", "spec.ports[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"type":"ExternalName","ports":null}}""", "spec.externalName", FieldErrorType.Required)]
    [InlineData("""{"spec":{"type":"ExternalName","externalName":"bad_name"}}""", "spec.externalName", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"type":"ExternalName","externalName":"db.example.com","clusterIP":"10.96.0.1"}}""", "spec.clusterIPs", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"sessionAffinity":"Sticky"}}""", "spec.sessionAffinity", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"sessionAffinity":"ClientIP","sessionAffinityConfig":{"clientIP":{"timeoutSeconds":86401}}}}""", "spec.sessionAffinityConfig.clientIP.timeoutSeconds", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"externalIPs":["127.0.0.1"]}}""", "spec.externalIPs[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"loadBalancerSourceRanges":["10.0.0.0/8"]}}""", "spec.LoadBalancerSourceRanges", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"type":"LoadBalancer","loadBalancerSourceRanges":["10.0.0.0/33"]}}""", "spec.LoadBalancerSourceRanges[0]", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"allocateLoadBalancerNodePorts":true}}""", "spec.allocateLoadBalancerNodePorts", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"externalTrafficPolicy":"Local"}}""", "spec.externalTrafficPolicy", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"type":"NodePort","externalTrafficPolicy":"Nearby"}}""", "spec.externalTrafficPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"healthCheckNodePort":30000}}""", "spec.healthCheckNodePort", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"internalTrafficPolicy":"Everywhere"}}""", "spec.internalTrafficPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"selector":{"app":"not valid"}}}""", "spec.selector", FieldErrorType.Invalid)]
    public void Invalid_services_are_refused_where_Kubernetes_refuses_them(string patch, string field, FieldErrorType type)
    {
        HasError(CreateErrors(patch), field, type);
    }

    [Theory]
    [InlineData("""{"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":30000}]}}""")]
    [InlineData("""{"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":32767}]}}""")]
    [InlineData("""{"spec":{"type":"LoadBalancer","externalTrafficPolicy":"Local","loadBalancerSourceRanges":[" 10.0.0.0/8"]}}""")]
    [InlineData("""{"spec":{"clusterIP":"10.96.0.1","clusterIPs":["10.96.0.1","fd00::1"],"ipFamilyPolicy":"PreferDualStack"}}""")]
    [InlineData("""{"spec":{"ports":[{"name":"http","port":80,"targetPort":"http-alt"},{"name":"dns","port":53,"protocol":"UDP"},{"name":"dns-tcp","port":53}]}}""")]
    [InlineData("""{"spec":{"type":"ExternalName","externalName":"db.example.com","ports":null,"selector":null}}""")]
    public void Valid_services_pass(string patch)
    {
        Valid(CreateErrors(patch));
    }

    [Fact]
    public void Service_names_are_DNS_1035_labels()
    {
        Assert.NotEmpty(_strategy.NameValidator("1web", false));
        Assert.Empty(_strategy.NameValidator("web-1", false));
    }

    [Fact]
    public void The_node_port_range_is_a_setting()
    {
        var strategy = new ServiceStrategy { NodePortMin = 8000, NodePortMax = 9000 };
        var service = Patch(Json(Web), """{"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":8080}]}}""");

        Valid(StrategyFlow.Create(strategy, service));
        var error = HasError(CreateErrors("""{"spec":{"type":"NodePort","ports":[{"port":80,"nodePort":8080}]}}"""), "spec.ports[0].nodePort", FieldErrorType.Invalid);
        Assert.Equal("spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767", error.ToString());
    }

    [Fact]
    public void The_cluster_ip_may_not_change_once_set()
    {
        var old = Created("""{"spec":{"clusterIP":"10.96.0.10"}}""");
        var update = Patch(old, """{"spec":{"clusterIP":"10.96.0.11","clusterIPs":["10.96.0.11"]}}""");

        var error = HasError(StrategyFlow.Update(_strategy, update, old), "spec.clusterIPs[0]", FieldErrorType.Invalid);
        Assert.Contains("may not change once set", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_ip_may_be_set_where_there_was_none()
    {
        var old = Created();
        var update = Patch(old, """{"spec":{"clusterIP":"10.96.0.12"}}""");

        Valid(StrategyFlow.Update(_strategy, update, old));
        Assert.Equal("""["10.96.0.12"]""", update["spec"]!["clusterIPs"]!.ToJsonString());
    }

    [Fact]
    public void Resubmitting_the_original_manifest_keeps_the_allocated_ip_and_node_ports()
    {
        var old = Created("""{"spec":{"type":"NodePort","clusterIP":"10.96.0.10","ports":[{"name":"http","port":80,"nodePort":30080}]}}""");
        var manifest = Patch(Json(Web), """{"spec":{"type":"NodePort","ports":[{"name":"http","port":80}]}}""");

        Valid(StrategyFlow.Update(_strategy, manifest, old));

        Assert.Equal("10.96.0.10", manifest["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal("""["10.96.0.10"]""", manifest["spec"]!["clusterIPs"]!.ToJsonString());
        Assert.Equal(30080, manifest["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
    }

    [Fact]
    public void Changing_only_the_singular_cluster_ip_is_mirrored_and_then_refused()
    {
        var old = Created("""{"spec":{"clusterIP":"10.96.0.10"}}""");
        var update = Patch(old, """{"spec":{"clusterIP":"10.96.0.99"}}""");

        HasError(StrategyFlow.Update(_strategy, update, old), "spec.clusterIPs[0]", FieldErrorType.Invalid);
        Assert.Equal("""["10.96.0.99"]""", update["spec"]!["clusterIPs"]!.ToJsonString());
    }

    [Fact]
    public void Switching_to_external_name_drops_the_cluster_ip_fields_it_no_longer_uses()
    {
        var old = Created("""{"spec":{"clusterIP":"10.96.0.10"}}""");
        var update = Patch(old, """{"spec":{"type":"ExternalName","externalName":"db.example.com"}}""");

        Valid(StrategyFlow.Update(_strategy, update, old));

        foreach (var field in (string[])["clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy"])
        {
            Assert.Null(update["spec"]![field]);
        }
    }

    [Fact]
    public void Switching_from_node_port_to_cluster_ip_drops_unchanged_node_ports()
    {
        var old = Created("""{"spec":{"type":"NodePort","clusterIP":"10.96.0.10","ports":[{"port":80,"nodePort":30080}]}}""");
        var update = Patch(old, """{"spec":{"type":"ClusterIP"}}""");

        Valid(StrategyFlow.Update(_strategy, update, old));

        Assert.Null(update["spec"]!["ports"]![0]!["nodePort"]);
        Assert.Null(update["spec"]!["externalTrafficPolicy"]);
    }

    [Fact]
    public void The_ip_family_may_not_change()
    {
        var old = Created("""{"spec":{"clusterIP":"10.96.0.10"}}""");
        var update = Patch(old, """{"spec":{"ipFamilies":["IPv6"]}}""");

        HasError(StrategyFlow.Update(_strategy, update, old), "spec.ipFamilies[0]", FieldErrorType.Invalid);
    }

    [Fact]
    public void Load_balancer_ingress_in_status_must_be_addresses_or_names()
    {
        var old = Created("""{"spec":{"type":"LoadBalancer"}}""");
        var good = Patch(old, """{"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.9"},{"hostname":"lb.example.com"}]}}}""");
        var bad = Patch(old, """{"status":{"loadBalancer":{"ingress":[{"ip":"nope"},{"hostname":"10.0.0.1"}]}}}""");

        Valid(_strategy.ValidateStatusUpdate(good, old));
        var errors = _strategy.ValidateStatusUpdate(bad, old);
        HasError(errors, "status.loadBalancer.ingress[0].ip", FieldErrorType.Invalid);
        HasError(errors, "status.loadBalancer.ingress[1].hostname", FieldErrorType.Invalid);
    }
}
