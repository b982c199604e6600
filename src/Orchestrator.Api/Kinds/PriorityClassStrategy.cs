using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// scheduling.k8s.io/v1 PriorityClass (Kubernetes' pkg/apis/scheduling/validation): a value of at most
/// 1,000,000,000 unless it is one of the built-in system classes, names starting "system-" reserved for them,
/// preemptionPolicy PreemptLowerPriority (the default) or Never; value and preemptionPolicy fixed once created.
/// </summary>
public sealed class PriorityClassStrategy : ResourceStrategy
{
    /// <summary>Kubernetes' HighestUserDefinablePriority.</summary>
    public const long HighestUserDefinablePriority = 1_000_000_000;

    public const string SystemClusterCritical = "system-cluster-critical";
    public const string SystemNodeCritical = "system-node-critical";

    /// <summary>The classes every cluster has (Kubernetes' SystemPriorityClasses), and their values.</summary>
    public static readonly IReadOnlyDictionary<string, long> SystemPriorityClasses = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        [SystemClusterCritical] = 2_000_000_000,
        [SystemNodeCritical] = 2_000_001_000,
    };

    private static readonly string[] PreemptionPolicies = ["PreemptLowerPriority", "Never"];

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        JsonFields.SetDefaultString(obj, "preemptionPolicy", "PreemptLowerPriority");
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var name = JsonFields.String(JsonFields.Object(obj, "metadata"), "name") ?? "";
        var value = JsonFields.ReadInteger(obj, "value", FieldPath.Root("value"), errors);
        if (value is null && obj["value"] is null)
        {
            errors.Add(FieldError.Required(FieldPath.Root("value")));
        }

        var globalDefault = JsonFields.ReadBool(obj, "globalDefault", FieldPath.Root("globalDefault"), errors) ?? false;
        var isSystem = SystemPriorityClasses.TryGetValue(name, out var systemValue) && value == systemValue && !globalDefault;
        if (!isSystem)
        {
            if (name.StartsWith("system-", StringComparison.Ordinal))
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("metadata", "name"), "priority class names with 'system-' prefix are reserved"));
            }

            if (value > HighestUserDefinablePriority)
            {
                errors.Add(FieldError.Forbidden(FieldPath.Root("value"), $"maximum allowed value of a user defined priority is {HighestUserDefinablePriority}"));
            }
        }

        var policy = JsonFields.ReadString(obj, "preemptionPolicy", FieldPath.Root("preemptionPolicy"), errors);
        if (policy.Length > 0 && !PreemptionPolicies.Contains(policy, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Root("preemptionPolicy"), policy, PreemptionPolicies));
        }

        JsonFields.ReadString(obj, "description", FieldPath.Root("description"), errors);
        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ValidateCreate(obj);
        if (!JsonNode.DeepEquals(obj["value"], old["value"]))
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("value"), "may not be changed in an update."));
        }

        if (!JsonNode.DeepEquals(obj["preemptionPolicy"], old["preemptionPolicy"]))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("preemptionPolicy"), JsonFields.String(obj, "preemptionPolicy"), "field is immutable"));
        }

        return errors;
    }

    /// <summary>The built-in classes as the API server creates them on start.</summary>
    public static IEnumerable<JsonObject> SystemObjects() => SystemPriorityClasses.Select(pair => new JsonObject
    {
        ["apiVersion"] = "scheduling.k8s.io/v1",
        ["kind"] = "PriorityClass",
        ["metadata"] = new JsonObject { ["name"] = pair.Key },
        ["value"] = pair.Value,
        ["globalDefault"] = false,
        ["preemptionPolicy"] = "PreemptLowerPriority",
        ["description"] = pair.Key == SystemNodeCritical
            ? "Used for system critical pods that must not be moved from their current node."
            : "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
    });
}
