using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class DaemonSetStrategyTests
{
    private const string Agent = """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"kube-system"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},
                 "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1.0"}]}}}}
        """;

    private readonly DaemonSetStrategy _strategy = new();

    private JsonObject Created(string patch = "{}")
    {
        var ds = Patch(Json(Agent), patch);
        Valid(StrategyFlow.Create(_strategy, ds));
        return ds;
    }

    [Fact]
    public void A_daemon_set_rolls_one_node_at_a_time_without_surge()
    {
        var ds = Created();

        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}""", ds["spec"]!["updateStrategy"]!.ToJsonString());
        Assert.Equal(10, ds["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(0, ds["status"]!["desiredNumberScheduled"]!.GetValue<int>());
        Assert.Equal("1", ds["metadata"]!["annotations"]![DaemonSetStrategy.TemplateGenerationAnnotation]!.GetValue<string>());
    }

    [Fact]
    public void The_template_generation_counts_template_changes_only()
    {
        var old = Created();
        var scaled = Patch(old, """{"spec":{"minReadySeconds":5}}""");
        var newImage = Patch(old, """{"spec":{"template":{"spec":{"containers":[{"name":"agent","image":"agent:1.1"}]}}}}""");

        Valid(StrategyFlow.Update(_strategy, scaled, old));
        Valid(StrategyFlow.Update(_strategy, newImage, old));

        Assert.Equal("1", scaled["metadata"]!["annotations"]![DaemonSetStrategy.TemplateGenerationAnnotation]!.GetValue<string>());
        Assert.Equal("2", newImage["metadata"]!["annotations"]![DaemonSetStrategy.TemplateGenerationAnnotation]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"spec":{"selector":null}}""", "spec.template.metadata.labels", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"selector":{"matchLabels":null}}}""", "spec.selector", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"template":{"spec":{"restartPolicy":"Never"}}}}""", "spec.template.spec.restartPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"template":{"spec":{"activeDeadlineSeconds":5}}}}""", "spec.template.spec.activeDeadlineSeconds", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"updateStrategy":{"type":"Sometimes"}}}""", "spec.updateStrategy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":1,"maxSurge":1}}}}""", "spec.updateStrategy.rollingUpdate.maxSurge", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":0}}}}""", "spec.updateStrategy.rollingUpdate.maxUnavailable", FieldErrorType.Required)]
    [InlineData("""{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":"101%"}}}}""", "spec.updateStrategy.rollingUpdate.maxSurge", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"minReadySeconds":-1}}""", "spec.minReadySeconds", FieldErrorType.Invalid)]
    public void Invalid_daemon_sets_are_refused(string patch, string field, FieldErrorType type)
    {
        HasError(StrategyFlow.Create(_strategy, Patch(Json(Agent), patch)), field, type);
    }

    [Fact]
    public void On_delete_and_surge_only_updates_are_valid()
    {
        Created("""{"spec":{"updateStrategy":{"type":"OnDelete"}}}""");
        Created("""{"spec":{"updateStrategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":"10%"}}}}""");
    }

    [Fact]
    public void The_selector_is_immutable_and_collisions_only_grow()
    {
        var old = Created();
        old["status"]!["collisionCount"] = 2;

        HasError(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"selector":{"matchLabels":{"app":"agent","v":"2"}},"template":{"metadata":{"labels":{"v":"2"}}}}}"""), old),
            "spec.selector", FieldErrorType.Invalid);
        HasError(_strategy.ValidateStatusUpdate(Patch(old, """{"status":{"collisionCount":1}}"""), old), "status.collisionCount", FieldErrorType.Invalid);
    }
}
