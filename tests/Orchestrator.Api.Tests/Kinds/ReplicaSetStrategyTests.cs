using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class ReplicaSetStrategyTests
{
    private const string Web = """
        {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-5d4f","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.25"}]}}}}
        """;

    private readonly ReplicaSetStrategy _strategy = new();

    [Fact]
    public void A_replica_set_defaults_to_one_replica_and_reports_zero()
    {
        var rs = Json(Web);

        Valid(StrategyFlow.Create(_strategy, rs));

        Assert.Equal(1, rs["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("""{"replicas":0}""", rs["status"]!.ToJsonString());
        Assert.Equal("Always", rs["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"spec":{"replicas":-3}}""", "spec.replicas", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"minReadySeconds":-1}}""", "spec.minReadySeconds", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"selector":null}}""", "spec.selector", FieldErrorType.Required)]
    [InlineData("""{"spec":{"selector":{"matchExpressions":[{"key":"app","operator":"In","values":["api"]}]}}}""", "spec.template.metadata.labels", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"template":{"spec":{"restartPolicy":"OnFailure"}}}}""", "spec.template.spec.restartPolicy", FieldErrorType.NotSupported)]
    public void Invalid_replica_sets_are_refused(string patch, string field, FieldErrorType type)
    {
        HasError(StrategyFlow.Create(_strategy, Patch(Json(Web), patch)), field, type);
    }

    [Fact]
    public void A_set_based_selector_matching_the_template_is_valid()
    {
        Valid(StrategyFlow.Create(_strategy, Patch(Json(Web), """{"spec":{"selector":{"matchLabels":null,"matchExpressions":[{"key":"app","operator":"In","values":["web","api"]}]}}}""")));
    }

    [Fact]
    public void Scaling_is_an_update_but_the_selector_is_fixed()
    {
        var old = Json(Web);
        StrategyFlow.Create(_strategy, old);

        Valid(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"replicas":5}}"""), old));
        HasError(StrategyFlow.Update(_strategy, Patch(old, """{"spec":{"selector":{"matchLabels":{"app":"web","x":"y"}},"template":{"metadata":{"labels":{"x":"y"}}}}}"""), old),
            "spec.selector", FieldErrorType.Invalid);
    }

    [Fact]
    public void Fully_labeled_and_ready_replicas_cannot_exceed_replicas()
    {
        var old = Json(Web);
        StrategyFlow.Create(_strategy, old);

        var errors = _strategy.ValidateStatusUpdate(Patch(old, """{"status":{"replicas":1,"fullyLabeledReplicas":2,"readyReplicas":2}}"""), old);

        HasError(errors, "status.fullyLabeledReplicas", FieldErrorType.Invalid);
        HasError(errors, "status.readyReplicas", FieldErrorType.Invalid);
    }
}
