using System.Text.Json.Nodes;
using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class NamespaceStrategyTests
{
    private readonly NamespaceStrategy _strategy = new();

    [Fact]
    public void Create_makes_the_namespace_active_with_the_kubernetes_finalizer_and_name_label()
    {
        var ns = Json("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"}}""");

        _strategy.Default(ns);
        _strategy.PrepareForCreate(ns);

        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("""["kubernetes"]""", ns["spec"]!["finalizers"]!.ToJsonString());
        Assert.Equal("team-a", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Valid(_strategy.ValidateCreate(ns));
    }

    [Fact]
    public void Create_appends_the_kubernetes_finalizer_once_after_the_given_ones()
    {
        var ns = Json("""{"metadata":{"name":"a","labels":{"kubernetes.io/metadata.name":"wrong"}},"spec":{"finalizers":["example.com/cleanup"]},"status":{"phase":"Terminating"}}""");

        _strategy.Default(ns);
        _strategy.PrepareForCreate(ns);
        _strategy.PrepareForCreate(ns);

        Assert.Equal("""["example.com/cleanup","kubernetes"]""", ns["spec"]!["finalizers"]!.ToJsonString());
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
        Assert.Equal("a", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("team-a", true)]
    [InlineData("a.b", false)]
    [InlineData("Team", false)]
    [InlineData("-a", false)]
    public void Names_are_dns_labels(string name, bool valid)
    {
        Assert.Equal(valid, _strategy.NameValidator(name, false).Count == 0);
    }

    [Theory]
    [InlineData("""["kubernetes"]""", null, null)]
    [InlineData("""["example.com/cleanup","orphan","foregroundDeletion"]""", null, null)]
    [InlineData("""["cleanup"]""", "spec.finalizers", FieldErrorType.Invalid)]
    [InlineData("""["a/b/c"]""", "spec.finalizers", FieldErrorType.Invalid)]
    [InlineData("""[7]""", "spec.finalizers", FieldErrorType.TypeInvalid)]
    [InlineData("\"kubernetes\"", "spec.finalizers", FieldErrorType.TypeInvalid)]
    public void Validates_spec_finalizers(string finalizers, string? field, FieldErrorType? type)
    {
        var ns = Json($$$"""{"metadata":{"name":"a"},"spec":{"finalizers":{{{finalizers}}}}}""");

        var errors = _strategy.ValidateCreate(ns);

        if (field is null)
        {
            Valid(errors);
        }
        else
        {
            HasError(errors, field, type!.Value);
        }
    }

    [Fact]
    public void Unqualified_finalizer_message_matches_kubernetes()
    {
        var errors = _strategy.ValidateCreate(Json("""{"spec":{"finalizers":["cleanup"]}}"""));

        Assert.Equal("spec.finalizers: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified", errors.ToString());
    }

    [Fact]
    public void Update_keeps_the_stored_finalizers_and_label()
    {
        var old = Json("""{"metadata":{"name":"a"},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""");
        var update = Json("""{"metadata":{"name":"a","labels":{"team":"x"}},"spec":{"finalizers":[]}}""");

        _strategy.Default(update);
        _strategy.PrepareForUpdate(update, old);

        Assert.Equal("""["kubernetes"]""", update["spec"]!["finalizers"]!.ToJsonString());
        Assert.Equal("a", update["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Assert.Equal("x", update["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Valid(_strategy.ValidateUpdate(update, old));
    }

    [Theory]
    [InlineData(null, "Active", null)]
    [InlineData(null, "Terminating", "may only be 'Active' if `deletionTimestamp` is empty")]
    [InlineData("2024-01-01T00:00:00Z", "Terminating", null)]
    [InlineData("2024-01-01T00:00:00Z", "Active", "may only be 'Terminating' if `deletionTimestamp` is not empty")]
    public void Status_phase_must_agree_with_the_deletion_timestamp(string? deletionTimestamp, string phase, string? error)
    {
        var old = Json("""{"metadata":{"name":"a"},"status":{"phase":"Active"}}""");
        var update = Json($$$"""{"metadata":{"name":"a"},"status":{"phase":"{{{phase}}}"}}""");
        if (deletionTimestamp is not null)
        {
            update["metadata"]!["deletionTimestamp"] = deletionTimestamp;
        }

        var errors = _strategy.ValidateStatusUpdate(update, old);

        if (error is null)
        {
            Valid(errors);
        }
        else
        {
            Assert.Equal(error, HasError(errors, "status.Phase", FieldErrorType.Invalid).Detail);
        }
    }

    [Fact]
    public void Selects_by_status_phase_and_deletes_at_once()
    {
        var ns = Json("""{"metadata":{"name":"a"},"status":{"phase":"Terminating"}}""");

        Assert.Equal("Terminating", _strategy.GetSelectableField(ns, "status.phase"));
        Assert.Null(_strategy.DefaultGracePeriodSeconds(ns));
    }

    [Fact]
    public void Its_pending_finalizers_include_spec_finalizers_and_deleting_turns_it_terminating()
    {
        var ns = JsonNode.Parse("""{"metadata":{"name":"x","finalizers":["a"]},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""")!.AsObject();
        Assert.Equal(["a", "kubernetes"], _strategy.PendingFinalizers(ns));
        _strategy.PrepareForDelete(ns);
        Assert.Equal("Terminating", ns["status"]!["phase"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("default", true)]
    [InlineData("kube-system", true)]
    [InlineData("kube-public", true)]
    [InlineData("kube-node-lease", false)]
    [InlineData("team-a", false)]
    public void The_clusters_own_namespaces_may_not_be_deleted(string name, bool forbidden)
    {
        Assert.Equal(forbidden, _strategy.ForbidsDelete(name) is not null);
    }
}
