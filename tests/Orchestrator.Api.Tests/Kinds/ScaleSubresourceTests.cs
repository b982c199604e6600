using Orchestrator.Api.Kinds;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class ScaleSubresourceTests
{
    private readonly ResourceRegistry _registry = BuiltInResources.Register(new ResourceRegistry());

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"shop","uid":"u-1","resourceVersion":"42","creationTimestamp":"2024-05-01T10:00:00Z","generation":3,"labels":{"app":"web"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["front","edge"]}]}},
         "status":{"replicas":2,"readyReplicas":2}}
        """;

    [Fact]
    public void A_deployment_is_seen_as_an_autoscaling_v1_scale()
    {
        var scale = ScaleSubresource.ToScale(_registry.Find("apps", "v1", "deployments")!, Json(Deployment));

        var expected = Json("""
            {"kind":"Scale","apiVersion":"autoscaling/v1",
             "metadata":{"name":"web","namespace":"shop","uid":"u-1","resourceVersion":"42","creationTimestamp":"2024-05-01T10:00:00Z"},
             "spec":{"replicas":3},
             "status":{"replicas":2,"selector":"app=web,tier in (edge,front)"}}
            """);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(expected, scale), scale.ToJsonString());
    }

    [Fact]
    public void Zero_replicas_and_no_status_read_as_Go_zero_values()
    {
        var rs = Json("""{"metadata":{"name":"web-1","namespace":"shop"},"spec":{"replicas":0,"selector":{"matchLabels":{"app":"web"}}}}""");

        var scale = ScaleSubresource.ToScale(_registry.Find("apps", "v1", "replicasets")!, rs);

        Assert.Equal("{}", scale["spec"]!.ToJsonString());
        Assert.Equal("""{"replicas":0,"selector":"app=web"}""", scale["status"]!.ToJsonString());
    }

    [Fact]
    public void Kinds_without_scale_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ScaleSubresource.ToScale(_registry.Find("apps", "v1", "daemonsets")!, Json(Deployment)));
    }

    [Fact]
    public void Applying_a_scale_sets_the_replicas()
    {
        var deployment = Json(Deployment);

        Valid(ScaleSubresource.ApplyScale(deployment, Json("""{"kind":"Scale","spec":{"replicas":7}}""")));

        Assert.Equal(7, deployment["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void A_scale_without_replicas_scales_to_zero()
    {
        var deployment = Json(Deployment);

        Valid(ScaleSubresource.ApplyScale(deployment, Json("""{"kind":"Scale","spec":{}}""")));

        Assert.Equal(0, deployment["spec"]!["replicas"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("""{"spec":{"replicas":-1}}""", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"replicas":"three"}}""", FieldErrorType.TypeInvalid)]
    [InlineData("""{"spec":{"replicas":4294967296}}""", FieldErrorType.Invalid)]
    public void Invalid_replicas_are_refused_and_change_nothing(string scale, FieldErrorType type)
    {
        var deployment = Json(Deployment);

        var error = HasError(ScaleSubresource.ApplyScale(deployment, Json(scale)), "spec.replicas", type);

        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        if (type == FieldErrorType.Invalid && scale.Contains("-1", StringComparison.Ordinal))
        {
            Assert.Equal("spec.replicas: Invalid value: -1: must be greater than or equal to 0", error.ToString());
        }
    }
}
