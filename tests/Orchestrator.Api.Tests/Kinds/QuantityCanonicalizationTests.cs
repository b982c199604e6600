using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

/// <summary>
/// Quantities are stored as Kubernetes stores them, canonical strings, however they were sent (a JSON
/// number breaks every Go client that lists the object); a value that is no quantity is Kubernetes' 400.
/// </summary>
public sealed class QuantityCanonicalizationTests
{
    private const string FormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private readonly PodStrategy _pods = new();

    [Fact]
    public void A_pods_quantities_sent_as_numbers_or_odd_strings_are_stored_canonical()
    {
        var pod = Json("""
            {
              "metadata": {"name": "p", "namespace": "default"},
              "spec": {
                "overhead": {"cpu": 0.25},
                "initContainers": [{"name": "init", "image": "x", "resources": {"limits": {"cpu": 1, "memory": 1e9}}}],
                "containers": [{
                  "name": "c", "image": "x",
                  "resources": {"requests": {"cpu": 0.5, "memory": " 1.5Gi ", "ephemeral-storage": 1.5e9}, "limits": {"cpu": "1.0", "memory": 2147483648}},
                  "env": [{"name": "CPU", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": 0.001}}}]
                }],
                "volumes": [
                  {"name": "scratch", "emptyDir": {"sizeLimit": 1073741824}},
                  {"name": "info", "downwardAPI": {"items": [{"path": "mem", "resourceFieldRef": {"containerName": "c", "resource": "limits.memory", "divisor": 1048576}}]}}
                ]
              }
            }
            """);

        Valid(StrategyFlow.Create(_pods, pod));

        var spec = pod["spec"]!;
        Assert.Equal("""{"cpu":"250m"}""", spec["overhead"]!.ToJsonString());
        Assert.Equal("""{"limits":{"cpu":"1","memory":"1e9"},"requests":{"cpu":"1","memory":"1e9"}}""", spec["initContainers"]![0]!["resources"]!.ToJsonString());
        var container = spec["containers"]![0]!;
        Assert.Equal("""{"requests":{"cpu":"500m","memory":"1536Mi","ephemeral-storage":"1500e6"},"limits":{"cpu":"1","memory":"2147483648"}}""", container["resources"]!.ToJsonString());
        Assert.Equal("1m", container["env"]![0]!["valueFrom"]!["resourceFieldRef"]!["divisor"]!.GetValue<string>());
        Assert.Equal("1073741824", spec["volumes"]![0]!["emptyDir"]!["sizeLimit"]!.GetValue<string>());
        Assert.Equal("1048576", spec["volumes"]![1]!["downwardAPI"]!["items"]![0]!["resourceFieldRef"]!["divisor"]!.GetValue<string>());
        Assert.Equal("Burstable", pod["status"]!["qosClass"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("0.5", "500m")]
    [InlineData("1", "1")]
    [InlineData("1.5e9", "1500e6")]
    [InlineData("1500000000", "1500M")]
    [InlineData("1e-12", "1e-9")]
    [InlineData("0.000000000001", "1n")]
    [InlineData("1e400", "10e399")]
    [InlineData("\"1e400\"", "10e399")]
    [InlineData("123456789012345678901234567890", "123456789012345678901234567890")]
    [InlineData("\"100m\"", "100m")]
    [InlineData("\"0.1\"", "100m")]
    [InlineData("\"8Ei\"", "9223372036854775807")]
    public void A_number_or_string_becomes_what_Kubernetes_would_store(string sent, string stored)
    {
        var pod = PodWithCpu(sent);

        _pods.Default(pod);

        var cpu = pod["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!;
        Assert.Equal(JsonValueKind.String, cpu.GetValueKind());
        Assert.Equal(stored, cpu.GetValue<string>());
    }

    [Theory]
    [InlineData("\"lots\"", FormatError)]
    [InlineData("true", FormatError)]
    [InlineData("{}", FormatError)]
    [InlineData("\"1e99999999999\"", "unable to parse quantity's suffix")]
    [InlineData("1e99999999999", "unable to parse quantity's suffix")]
    [InlineData("\"1Qi\"", FormatError)]
    [InlineData("\"32MMi\"", "unable to parse quantity's suffix")]
    public void A_value_that_is_no_quantity_is_a_bad_request_as_Kubernetes_decodes_it(string sent, string reason)
    {
        var e = Assert.Throws<StatusException>(() => StrategyFlow.Create(_pods, PodWithCpu(sent)));

        Assert.Equal(400, e.Code);
        Assert.Equal("BadRequest", e.Reason);
        Assert.Equal($"Pod in version \"v1\" cannot be handled as a Pod: {reason}", e.Message);
    }

    [Fact]
    public void Absurd_but_valid_quantities_are_judged_without_overflowing()
    {
        // An integer resource far beyond 64 bits is whole; one below a unit is not. Sums of quantities
        // too far apart to add exactly (the QoS class) do not fail either.
        var pod = Json("""
            {
              "metadata": {"name": "p", "namespace": "default"},
              "spec": {"containers": [
                {"name": "a", "image": "x", "resources": {"limits": {"cpu": 1e200000, "memory": "1Gi", "example.com/gpu": 1e400}}},
                {"name": "b", "image": "x", "resources": {"limits": {"cpu": "1n", "memory": "1Gi"}}}
              ]}
            }
            """);
        Valid(StrategyFlow.Create(_pods, pod));
        Assert.Equal("Guaranteed", pod["status"]!["qosClass"]!.GetValue<string>());
        Assert.Equal("10e399", pod["spec"]!["containers"]![0]!["resources"]!["requests"]!["example.com/gpu"]!.GetValue<string>());

        var fraction = PodWithCpu("1");
        fraction["spec"]!["containers"]![0]!["resources"]!["limits"]!["example.com/gpu"] = 1e-30;
        HasError(StrategyFlow.Create(_pods, fraction), "spec.containers[0].resources.limits[example.com/gpu]", FieldErrorType.Invalid);
    }

    [Fact]
    public void Updates_and_status_writes_store_canonical_quantities_too()
    {
        var old = StrategyFlow.Created(_pods, PodWithCpu("\"1\"").ToJsonString());
        var updated = old.DeepClone().AsObject();
        updated["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"] = 1.0;
        Valid(StrategyFlow.Update(_pods, updated, old));
        Assert.Equal("1", updated["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());

        var status = old.DeepClone().AsObject();
        status["status"]!["containerStatuses"] = JsonNode.Parse("""
            [{"name": "c", "image": "x", "imageID": "", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ContainerCreating"}},
              "allocatedResources": {"cpu": 0.5}, "resources": {"limits": {"cpu": 2}}}]
            """);
        _pods.ValidateStatusUpdate(status, old);
        var containerStatus = status["status"]!["containerStatuses"]![0]!;
        Assert.Equal("500m", containerStatus["allocatedResources"]!["cpu"]!.GetValue<string>());
        Assert.Equal("2", containerStatus["resources"]!["limits"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public void Node_capacity_and_pod_templates_are_canonical()
    {
        var nodes = new NodeStrategy();
        var node = Json("""{"metadata":{"name":"n"},"status":{"capacity":{"cpu":4,"memory":8589934592,"pods":110}}}""");
        nodes.Default(node);
        Assert.Equal("""{"cpu":"4","memory":"8589934592","pods":"110"}""", node["status"]!["allocatable"]!.ToJsonString());
        var old = node.DeepClone().AsObject();
        node["status"]!["allocatable"]!["cpu"] = 3.5;
        Valid(nodes.ValidateStatusUpdate(node, old));
        Assert.Equal("3500m", node["status"]!["allocatable"]!["cpu"]!.GetValue<string>());

        var deployment = Json("""
            {"metadata":{"name":"d","namespace":"default"},"spec":{"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},
             "spec":{"containers":[{"name":"c","image":"x","resources":{"requests":{"cpu":0.1}}}]}}}}
            """);
        new DeploymentStrategy().Default(deployment);
        Assert.Equal("100m", deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>());
    }

    private static JsonObject PodWithCpu(string cpu) => Json(
        """{"metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"x","resources":{"limits":{"cpu":""" + cpu + "}}}]}}");
}
