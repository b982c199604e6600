using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class DeploymentStrategyTests
{
    internal const string Web = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.25","ports":[{"containerPort":80}]}]}}}}
        """;

    private readonly DeploymentStrategy _strategy = new();

    private JsonObject Created(string patch = "{}")
    {
        var deployment = Patch(Json(Web), patch);
        Valid(StrategyFlow.Create(_strategy, deployment));
        return deployment;
    }

    [Fact]
    public void A_minimal_deployment_gets_Kubernetes_defaults()
    {
        var spec = Created()["spec"]!;

        Assert.Equal(1, spec["replicas"]!.GetValue<int>());
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", spec["strategy"]!.ToJsonString());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(600, spec["progressDeadlineSeconds"]!.GetValue<int>());
    }

    [Fact]
    public void The_template_gets_pod_spec_defaults_but_not_the_pod_only_ones()
    {
        var podSpec = Created()["spec"]!["template"]!["spec"]!.AsObject();

        var expected = Json("""
            {
              "containers": [{
                "name": "web", "image": "nginx:1.25",
                "ports": [{"containerPort": 80, "protocol": "TCP"}],
                "imagePullPolicy": "IfNotPresent",
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "resources": {}
              }],
              "dnsPolicy": "ClusterFirst",
              "restartPolicy": "Always",
              "securityContext": {},
              "terminationGracePeriodSeconds": 30,
              "schedulerName": "default-scheduler"
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, podSpec), podSpec.ToJsonString());
    }

    [Fact]
    public void Template_limits_are_not_copied_into_requests_and_the_service_account_is_mirrored()
    {
        var podSpec = Created("""
            {"spec":{"template":{"spec":{"serviceAccount":"builder","containers":[{"name":"web","image":"nginx:1.25","resources":{"limits":{"cpu":"1"}}}]}}}}
            """)["spec"]!["template"]!["spec"]!;

        Assert.Null(podSpec["containers"]![0]!["resources"]!["requests"]);
        Assert.Equal("builder", podSpec["serviceAccountName"]!.GetValue<string>());
    }

    [Fact]
    public void A_recreate_strategy_gets_no_rolling_update_settings()
    {
        Assert.Equal("""{"type":"Recreate"}""", Created("""{"spec":{"strategy":{"type":"Recreate"}}}""")["spec"]!["strategy"]!.ToJsonString());
    }

    [Fact]
    public void Values_the_author_gave_are_kept()
    {
        var spec = Created("""{"spec":{"replicas":0,"revisionHistoryLimit":0,"strategy":{"rollingUpdate":{"maxSurge":2}}}}""")["spec"]!;

        Assert.Equal(0, spec["replicas"]!.GetValue<int>());
        Assert.Equal(0, spec["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal("""{"maxSurge":2,"maxUnavailable":"25%"}""", spec["strategy"]!["rollingUpdate"]!.ToJsonString());
    }

    [Fact]
    public void Create_starts_with_an_empty_status()
    {
        var deployment = Patch(Json(Web), """{"status":{"replicas":5}}""");

        StrategyFlow.Create(_strategy, deployment);

        Assert.Equal("{}", deployment["status"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"spec":{"replicas":-1}}""", "spec.replicas", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"selector":null}}""", "spec.selector", FieldErrorType.Required)]
    [InlineData("""{"spec":{"selector":{"matchLabels":null}}}""", "spec.selector", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"selector":{"matchLabels":{"app":"api"}}}}""", "spec.template.metadata.labels", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"selector":{"matchExpressions":[{"key":"app","operator":"Near"}]}}}""", "spec.selector.matchExpressions[0].operator", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"template":{"metadata":{"labels":{"app":"web","bad key!":"x"}}}}}""", "spec.template.labels", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[]}}}}""", "spec.template.spec.containers", FieldErrorType.Required)]
    [InlineData("""{"spec":{"template":{"spec":{"containers":[{"name":"web"}]}}}}""", "spec.template.spec.containers[0].image", FieldErrorType.Required)]
    [InlineData("""{"spec":{"template":{"spec":{"restartPolicy":"Never"}}}}""", "spec.template.spec.restartPolicy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"template":{"spec":{"activeDeadlineSeconds":30}}}}""", "spec.template.spec.activeDeadlineSeconds", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"template":{"spec":{"ephemeralContainers":[{"name":"debug","image":"busybox"}]}}}}""", "spec.template.spec.ephemeralContainers", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"strategy":{"type":"BlueGreen"}}}""", "spec.strategy", FieldErrorType.NotSupported)]
    [InlineData("""{"spec":{"strategy":{"type":"Recreate","rollingUpdate":{"maxSurge":1}}}}""", "spec.strategy.rollingUpdate", FieldErrorType.Forbidden)]
    [InlineData("""{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":0}}}}""", "spec.strategy.rollingUpdate.maxUnavailable", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":"150%"}}}}""", "spec.strategy.rollingUpdate.maxUnavailable", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":"lots"}}}}""", "spec.strategy.rollingUpdate.maxSurge", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"strategy":{"rollingUpdate":{"maxSurge":-1}}}}""", "spec.strategy.rollingUpdate.maxSurge", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"minReadySeconds":600}}""", "spec.progressDeadlineSeconds", FieldErrorType.Invalid)]
    [InlineData("""{"spec":{"revisionHistoryLimit":-2}}""", "spec.revisionHistoryLimit", FieldErrorType.Invalid)]
    public void Invalid_deployments_are_refused(string patch, string field, FieldErrorType type)
    {
        HasError(StrategyFlow.Create(_strategy, Patch(Json(Web), patch)), field, type);
    }

    [Fact]
    public void A_template_on_the_host_network_may_leave_host_ports_to_the_pods()
    {
        Created("""{"spec":{"template":{"spec":{"hostNetwork":true}}}}""");
    }

    [Fact]
    public void The_mismatch_message_is_Kubernetes()
    {
        var errors = StrategyFlow.Create(_strategy, Patch(Json(Web), """{"spec":{"selector":{"matchLabels":{"app":"api"}}}}"""));

        Assert.Contains("`selector` does not match template `labels`", errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_selector_may_not_change_but_the_template_may()
    {
        var old = Created();
        var newImage = Patch(old, """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}}""");
        var newSelector = Patch(old, """{"spec":{"selector":{"matchLabels":{"app":"web","tier":"front"}},"template":{"metadata":{"labels":{"tier":"front"}}}}}""");

        Valid(StrategyFlow.Update(_strategy, newImage, old));
        var error = HasError(StrategyFlow.Update(_strategy, newSelector, old), "spec.selector", FieldErrorType.Invalid);
        Assert.Equal("field is immutable", error.Detail);
    }

    [Theory]
    [InlineData("""{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}""", null)]
    [InlineData("""{"replicas":-1}""", "status.replicas")]
    [InlineData("""{"replicas":1,"readyReplicas":2,"availableReplicas":1}""", "status.readyReplicas")]
    [InlineData("""{"replicas":2,"readyReplicas":1,"availableReplicas":2}""", "status.availableReplicas")]
    public void Status_counters_are_checked(string status, string? field)
    {
        var old = Created();
        var update = Patch(old, $$"""{"status":{{status}}}""");

        var errors = _strategy.ValidateStatusUpdate(update, old);

        if (field is null)
        {
            Valid(errors);
        }
        else
        {
            HasError(errors, field, FieldErrorType.Invalid);
        }
    }
}
