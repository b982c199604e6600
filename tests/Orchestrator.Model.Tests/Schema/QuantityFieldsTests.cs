using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;
using Xunit;

namespace Orchestrator.Model.Tests.Schema;

public sealed class QuantityFieldsTests
{
    private static readonly MessageSchema Pod = KubeSchema.Find("v1", "Pod")!;

    [Fact]
    public void Every_field_the_schema_types_Quantity_becomes_a_canonical_string()
    {
        var pod = Json("""
            {
              "metadata": {"name": "p", "labels": {"cpu": "0.5"}, "annotations": {"n": "1.5Gi"}},
              "spec": {
                "overhead": {"memory": 1048576},
                "containers": [{"name": "c", "image": "x", "resources": {"limits": {"cpu": 0.5, "memory": "1.5Gi"}, "requests": {"cpu": null}}}],
                "ephemeralContainers": [{"name": "e", "image": "x", "resources": {"limits": {"cpu": 2}}}],
                "volumes": [{"name": "v", "emptyDir": {"sizeLimit": " 100Mi "}},
                            {"name": "t", "ephemeral": {"volumeClaimTemplate": {"spec": {"resources": {"requests": {"storage": 1e9}}}}}}]
              },
              "status": {"containerStatuses": [{"name": "c", "allocatedResources": {"cpu": 0.001}}]}
            }
            """);

        Assert.Null(QuantityFields.Canonicalize(pod, Pod));

        Assert.Equal("""{"name":"p","labels":{"cpu":"0.5"},"annotations":{"n":"1.5Gi"}}""", pod["metadata"]!.ToJsonString());
        Assert.Equal("""{"memory":"1048576"}""", pod["spec"]!["overhead"]!.ToJsonString());
        Assert.Equal("""{"limits":{"cpu":"500m","memory":"1536Mi"},"requests":{"cpu":null}}""", pod["spec"]!["containers"]![0]!["resources"]!.ToJsonString());
        Assert.Equal("2", pod["spec"]!["ephemeralContainers"]![0]!["resources"]!["limits"]!["cpu"]!.GetValue<string>());
        Assert.Equal("100Mi", pod["spec"]!["volumes"]![0]!["emptyDir"]!["sizeLimit"]!.GetValue<string>());
        Assert.Equal("1e9", pod["spec"]!["volumes"]![1]!["ephemeral"]!["volumeClaimTemplate"]!["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        Assert.Equal("1m", pod["status"]!["containerStatuses"]![0]!["allocatedResources"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public void A_canonical_string_is_left_as_it_is_and_kinds_without_quantities_are_not_touched()
    {
        var pod = Json("""{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":"500m"}}}]}}""");
        var cpu = pod["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"];
        Assert.Null(QuantityFields.Canonicalize(pod, Pod));
        Assert.Same(cpu, pod["spec"]!["containers"]![0]!["resources"]!["limits"]!["cpu"]);

        var configMap = Json("""{"data":{"cpu":"0.5"},"binaryData":{}}""");
        Assert.Null(QuantityFields.Canonicalize(configMap, KubeSchema.Find("v1", "ConfigMap")!));
        Assert.Equal("""{"data":{"cpu":"0.5"},"binaryData":{}}""", configMap.ToJsonString());
    }

    [Theory]
    [InlineData("\"lots\"", "spec.containers[0].resources.limits.cpu", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("[1]", "spec.containers[0].resources.limits.cpu", "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")]
    [InlineData("\"5MM\"", "spec.containers[0].resources.limits.cpu", "unable to parse quantity's suffix")]
    public void The_first_value_that_is_no_quantity_is_answered_with_its_path_and_reason(string cpu, string path, string reason)
    {
        var pod = Json("""{"spec":{"containers":[{"name":"c","resources":{"limits":{"cpu":""" + cpu + """}}}]}}""");

        Assert.Equal(new QuantityFieldError(path, reason), QuantityFields.Canonicalize(pod, Pod));
    }

    [Fact]
    public void Node_capacity_is_a_map_of_quantities()
    {
        var node = Json("""{"status":{"capacity":{"cpu":4,"memory":"8Gi","hugepages-2Mi":0}}}""");
        Assert.Null(QuantityFields.Canonicalize(node, KubeSchema.Find("v1", "Node")!));
        Assert.Equal("""{"cpu":"4","memory":"8Gi","hugepages-2Mi":"0"}""", node["status"]!["capacity"]!.ToJsonString());
        Assert.All(node["status"]!["capacity"]!.AsObject(), e => Assert.Equal(JsonValueKind.String, e.Value!.GetValueKind()));
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
