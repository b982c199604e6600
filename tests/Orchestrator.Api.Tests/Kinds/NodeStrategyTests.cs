using Orchestrator.Api.Kinds;
using Orchestrator.Model.Validation;
using Xunit;
using static Orchestrator.Api.Tests.Kinds.KindAssert;

namespace Orchestrator.Api.Tests.Kinds;

public sealed class NodeStrategyTests
{
    private const string ValidNode = """
        {
          "apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1"},
          "spec": {
            "podCIDRs": ["10.244.1.0/24", "fd00:10:244:1::/64"],
            "providerID": "orchestrator://node-1",
            "taints": [
              {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"},
              {"key": "dedicated", "value": "gpu", "effect": "NoExecute"},
              {"key": "example.com/maintenance", "effect": "PreferNoSchedule"}
            ]
          },
          "status": {
            "capacity": {"cpu": "4", "memory": "8Gi", "pods": "110", "example.com/gpu": "2"},
            "addresses": [{"type": "InternalIP", "address": "10.0.0.1"}, {"type": "Hostname", "address": "node-1"}]
          }
        }
        """;

    private readonly NodeStrategy _strategy = new();

    [Fact]
    public void Allocatable_defaults_to_capacity()
    {
        var node = Json(ValidNode);

        _strategy.Default(node);

        Assert.Equal(node["status"]!["capacity"]!.ToJsonString(), node["status"]!["allocatable"]!.ToJsonString());
    }

    [Fact]
    public void Given_allocatable_is_kept()
    {
        var node = Json("""{"status":{"capacity":{"cpu":"4"},"allocatable":{"cpu":"3500m"}}}""");

        _strategy.Default(node);

        Assert.Equal("3500m", node["status"]!["allocatable"]!["cpu"]!.GetValue<string>());
    }

    [Fact]
    public void A_valid_node_passes()
    {
        var node = Json(ValidNode);
        _strategy.Default(node);

        Valid(_strategy.ValidateCreate(node));
    }

    public static TheoryData<string, string, FieldErrorType> InvalidNodes => new()
    {
        { """{"spec":{"taints":[{"key":"a"}]}}""", "spec.taints[0].effect", FieldErrorType.Required },
        { """{"spec":{"taints":[{"key":"a","effect":"Never"}]}}""", "spec.taints[0].effect", FieldErrorType.NotSupported },
        { """{"spec":{"taints":[{"key":"a b","effect":"NoSchedule"}]}}""", "spec.taints[0].key", FieldErrorType.Invalid },
        { """{"spec":{"taints":[{"key":"a","value":"-x","effect":"NoSchedule"}]}}""", "spec.taints[0].value", FieldErrorType.Invalid },
        { """{"spec":{"taints":[{"key":"a","effect":"NoSchedule"},{"key":"a","value":"v","effect":"NoSchedule"}]}}""", "spec.taints[1]", FieldErrorType.Duplicate },
        { """{"spec":{"podCIDRs":["10.244.1.0"]}}""", "spec.podCIDRs[0]", FieldErrorType.Invalid },
        { """{"spec":{"podCIDR":"10.244.1.0/33"}}""", "spec.podCIDRs[0]", FieldErrorType.Invalid },
        { """{"spec":{"podCIDRs":["10.244.1.0/24","10.244.2.0/24"]}}""", "spec.podCIDRs", FieldErrorType.Invalid },
        { """{"spec":{"podCIDRs":["10.244.1.0/24","fd00::/64","10.1.0.0/16"]}}""", "spec.podCIDRs", FieldErrorType.Invalid },
        { """{"spec":{"unschedulable":"yes"}}""", "spec.unschedulable", FieldErrorType.TypeInvalid },
        { """{"status":{"capacity":{"cpu":"-1"}}}""", "status.capacity.cpu", FieldErrorType.Invalid },
        { """{"status":{"capacity":{"memory":"lots"}}}""", "status.capacity.memory", FieldErrorType.Invalid },
        { """{"status":{"allocatable":{"example.com/gpu":"500m"}}}""", "status.allocatable.example.com/gpu", FieldErrorType.Invalid },
    };

    [Theory]
    [MemberData(nameof(InvalidNodes))]
    public void Invalid_nodes_are_refused(string patch, string field, FieldErrorType type)
    {
        var node = Patch(Json("""{"metadata":{"name":"node-1"}}"""), patch);

        HasError(_strategy.ValidateCreate(node), field, type);
    }

    [Fact]
    public void Duplicate_taint_message_matches_kubernetes()
    {
        var node = Json("""{"spec":{"taints":[{"key":"a","effect":"NoSchedule"},{"key":"a","effect":"NoSchedule"}]}}""");

        var error = HasError(_strategy.ValidateCreate(node), "spec.taints[1]", FieldErrorType.Duplicate);

        Assert.Equal("taints must be unique by key and effect pair", error.Detail);
    }

    [Theory]
    [InlineData("""{"spec":{"unschedulable":true,"taints":null}}""", null)]
    [InlineData("""{"spec":{"podCIDRs":["10.244.9.0/24"]}}""", "spec.podCIDRs")]
    [InlineData("""{"spec":{"podCIDRs":null}}""", "spec.podCIDRs")]
    [InlineData("""{"spec":{"providerID":"other://node-1"}}""", "spec.providerID")]
    public void Pod_cidrs_and_provider_id_are_set_once(string patch, string? forbidden)
    {
        var old = Json(ValidNode);
        var update = Patch(old, patch);

        var errors = _strategy.ValidateUpdate(update, old);

        if (forbidden is null)
        {
            Valid(errors);
        }
        else
        {
            HasError(errors, forbidden, FieldErrorType.Forbidden);
        }
    }

    [Fact]
    public void A_node_without_pod_cidrs_or_provider_id_may_get_them()
    {
        var old = Json("""{"metadata":{"name":"node-1"},"spec":{}}""");
        var update = Json("""{"metadata":{"name":"node-1"},"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"],"providerID":"x://1"}}""");

        Valid(_strategy.ValidateUpdate(update, old));
    }

    [Fact]
    public void Status_writes_refuse_duplicate_addresses()
    {
        var old = Json(ValidNode);
        var update = Patch(old, """{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"InternalIP","address":"10.0.0.1"}]}}""");

        HasError(_strategy.ValidateStatusUpdate(update, old), "status.addresses[1]", FieldErrorType.Duplicate);
    }

    [Theory]
    [InlineData("""{"spec":{}}""", "false")]
    [InlineData("""{"spec":{"unschedulable":false}}""", "false")]
    [InlineData("""{"spec":{"unschedulable":true}}""", "true")]
    public void Spec_unschedulable_is_selectable_as_a_boolean(string node, string expected)
    {
        Assert.Equal(expected, _strategy.GetSelectableField(Json(node), "spec.unschedulable"));
    }

    [Fact]
    public void Nodes_are_deleted_at_once_and_named_as_subdomains()
    {
        Assert.Null(_strategy.DefaultGracePeriodSeconds(Json(ValidNode)));
        Assert.Empty(_strategy.NameValidator("node-1.example.com", false));
    }
}
