using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class PodUpdateTests
{
    private readonly PodStrategy _strategy = new();
    private readonly JsonObject _old;

    public PodUpdateTests()
    {
        _old = PodValidationTests.DefaultedPod();
        _strategy.PrepareForCreate(_old);
    }

    private FieldErrorList Update(string patch)
    {
        var update = Patch(_old, patch);
        _strategy.Default(update);
        _strategy.PrepareForUpdate(update, _old);
        return _strategy.ValidateUpdate(update, _old);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"metadata":{"labels":{"tier":"web"},"annotations":{"note":"x"}}}""")]
    [InlineData("""{"spec":{"activeDeadlineSeconds":60}}""")]
    [InlineData("""{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"},{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":30},{"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":300},{"key":"extra","operator":"Exists"}]}}""")]
    public void Allowed_changes_pass(string patch)
    {
        Valid(Update(patch));
    }

    [Fact]
    public void Container_and_init_container_images_may_change()
    {
        var update = _old.DeepClone().AsObject();
        update["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        update["spec"]!["initContainers"]![0]!["image"] = "app:2.0";

        Valid(_strategy.ValidateUpdate(update, _old));
    }

    [Fact]
    public void Active_deadline_may_be_set_where_it_was_not()
    {
        var old = Patch(_old, """{"spec":{"activeDeadlineSeconds":null}}""");
        var update = Patch(old, """{"spec":{"activeDeadlineSeconds":120}}""");

        Valid(_strategy.ValidateUpdate(update, old));
    }

    [Theory]
    [InlineData("""{"spec":{"activeDeadlineSeconds":7200}}""", "must be less than or equal to previous value")]
    [InlineData("""{"spec":{"activeDeadlineSeconds":null}}""", "must not update from a positive integer to nil value")]
    public void Active_deadline_may_not_grow_or_go_away(string patch, string detail)
    {
        var error = HasError(Update(patch), "spec.activeDeadlineSeconds", FieldErrorType.Invalid);

        Assert.Equal(detail, error.Detail);
    }

    [Fact]
    public void Changing_another_field_is_forbidden_with_Kubernetes_message_and_a_diff()
    {
        var error = HasError(Update("""{"spec":{"restartPolicy":"Never"}}"""), "spec", FieldErrorType.Forbidden);

        Assert.StartsWith(
            "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n",
            error.Detail);
        Assert.Contains("- spec.restartPolicy: \"Always\"", error.Detail, StringComparison.Ordinal);
        Assert.Contains("+ spec.restartPolicy: \"Never\"", error.Detail, StringComparison.Ordinal);
        Assert.StartsWith("spec: Forbidden: pod updates may not change fields other than", error.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> ForbiddenChanges => new()
    {
        { """{"spec":{"nodeName":"node-2"}}""", "spec.nodeName" },
        { """{"spec":{"terminationGracePeriodSeconds":10}}""", "spec.terminationGracePeriodSeconds" },
        { """{"spec":{"serviceAccountName":"other"}}""", "spec.serviceAccountName" },
        { """{"spec":{"nodeSelector":{"disk":"ssd"}}}""", "spec.nodeSelector.disk" },
        { """{"spec":{"volumes":[{"name":"data","emptyDir":{}}]}}""", "spec.volumes" },
        { """{"spec":{"hostNetwork":true}}""", "spec.hostNetwork" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenChanges))]
    public void Other_spec_changes_are_forbidden(string patch, string changedField)
    {
        var error = HasError(Update(patch), "spec", FieldErrorType.Forbidden);

        Assert.Contains("+ " + changedField, error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Container_ports_may_not_change_even_with_the_image()
    {
        var update = _old.DeepClone().AsObject();
        update["spec"]!["containers"]![0]!["image"] = "nginx:1.27";
        update["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = 8080;

        var error = HasError(_strategy.ValidateUpdate(update, _old), "spec", FieldErrorType.Forbidden);

        Assert.Contains("- spec.containers[0].ports[0].containerPort: 80", error.Detail, StringComparison.Ordinal);
        var diff = string.Join("\n", error.Detail.Split('\n').Skip(1));
        Assert.DoesNotContain(".image", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_container_is_forbidden()
    {
        var update = _old.DeepClone().AsObject();
        update["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "extra", ["image"] = "busybox" });

        var errors = _strategy.ValidateUpdate(update, _old);

        Assert.Equal("pod updates may not add or remove containers", HasError(errors, "spec.containers", FieldErrorType.Forbidden).Detail);
        Assert.DoesNotContain(errors, e => e.Field == "spec");
    }

    [Fact]
    public void Removing_a_toleration_is_forbidden()
    {
        var error = HasError(Update("""{"spec":{"tolerations":[]}}"""), "spec.tolerations", FieldErrorType.Forbidden);

        Assert.Equal("existing toleration can not be modified except its tolerationSeconds", error.Detail);
    }

    [Fact]
    public void An_image_may_not_be_cleared()
    {
        var update = _old.DeepClone().AsObject();
        update["spec"]!["containers"]![1]!["image"] = "";

        HasError(_strategy.ValidateUpdate(update, _old), "spec.containers[1].image", FieldErrorType.Required);
    }

    [Fact]
    public void Scheduling_gates_may_only_be_removed()
    {
        var gated = Patch(_old, """{"spec":{"schedulingGates":[{"name":"example.com/a"},{"name":"example.com/b"}]}}""");

        Valid(_strategy.ValidateUpdate(Patch(gated, """{"spec":{"schedulingGates":[{"name":"example.com/b"}]}}"""), gated));
        var error = HasError(
            _strategy.ValidateUpdate(Patch(gated, """{"spec":{"schedulingGates":[{"name":"example.com/c"}]}}"""), gated),
            "spec.schedulingGates[0].name",
            FieldErrorType.Forbidden);
        Assert.Equal("only deletion is allowed, but found new scheduling gate 'example.com/c'", error.Detail);
    }

    [Fact]
    public void A_negative_grace_period_may_be_raised_to_one()
    {
        var old = Patch(_old, """{"spec":{"terminationGracePeriodSeconds":-1}}""");

        Assert.DoesNotContain(_strategy.ValidateUpdate(Patch(old, """{"spec":{"terminationGracePeriodSeconds":1}}"""), old), e => e.Field == "spec");
        HasError(_strategy.ValidateUpdate(Patch(old, """{"spec":{"terminationGracePeriodSeconds":2}}"""), old), "spec", FieldErrorType.Forbidden);
    }

    [Fact]
    public void Updates_are_validated_like_creates()
    {
        HasError(Update("""{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"web","effect":"NoSchedule"},{"key":"x","operator":"In"}]}}"""),
            "spec.tolerations[1].operator", FieldErrorType.NotSupported);
    }

    [Fact]
    public void An_update_keeps_defaults_stable_so_a_round_trip_is_no_change()
    {
        var fromClient = Json(_old.ToJsonString());
        foreach (var field in (string[])["serviceAccount", "schedulerName", "priority", "enableServiceLinks", "securityContext"])
        {
            fromClient["spec"]!.AsObject().Remove(field);
        }

        fromClient["spec"]!["containers"]![0]!.AsObject().Remove("terminationMessagePath");

        _strategy.Default(fromClient);

        Valid(_strategy.ValidateUpdate(fromClient, _old));
    }
}
