using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Validation of resource lists (<c>{"cpu": "500m", "memory": "1Gi"}</c>) and of a container's
/// requests and limits, as Kubernetes' ValidateResourceQuantityValue and validateResourceRequirements.
/// </summary>
internal static class ResourceQuantities
{
    private const string NegativeMessage = "must be greater than or equal to 0";

    /// <summary>A quantity from its JSON value; an unparseable one is reported and yields false.</summary>
    public static bool TryRead(JsonNode? node, FieldPath path, FieldErrorList errors, out Quantity quantity)
    {
        try
        {
            quantity = Quantity.FromJsonNode(node);
            return true;
        }
        catch (FormatException e)
        {
            errors.Add(FieldError.Invalid(path, node is JsonValue value && JsonFields.TryString(value, out var text) ? text : node?.ToJsonString(), e.Message));
            quantity = Quantity.Zero;
            return false;
        }
    }

    /// <summary>The quantity of a well-formed value, for code that runs after validation (QoS); null otherwise.</summary>
    public static Quantity? Parse(JsonNode? node)
    {
        try
        {
            return node is null ? null : Quantity.FromJsonNode(node);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Checks one quantity: not negative, and whole for resources counted in units.</summary>
    public static void ValidateValue(string resource, Quantity quantity, FieldPath path, FieldErrorList errors)
    {
        if (quantity.IsNegative)
        {
            errors.Add(FieldError.Invalid(path, quantity.ToString(), NegativeMessage));
        }

        if (ResourceNames.IsInteger(resource) && quantity.MilliValue() % 1000 != 0)
        {
            errors.Add(FieldError.Invalid(path, quantity.ToString(), "must be an integer"));
        }
    }

    /// <summary>Validates every quantity of a resource list; <paramref name="pathOf"/> names each entry's path.</summary>
    public static Dictionary<string, Quantity> ValidateList(JsonObject? list, Func<string, FieldPath> pathOf, FieldErrorList errors)
    {
        var parsed = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (list is null)
        {
            return parsed;
        }

        foreach (var (name, node) in list)
        {
            var path = pathOf(name);
            if (TryRead(node, path, errors, out var quantity))
            {
                ValidateValue(name, quantity, path, errors);
                parsed[name] = quantity;
            }
        }

        return parsed;
    }

    /// <summary>A container's <c>resources</c>: valid names and quantities, and requests within limits.</summary>
    public static FieldErrorList ValidateRequirements(JsonObject? resources, FieldPath path)
    {
        var errors = new FieldErrorList();
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limitsNode = JsonFields.ReadObject(resources, "limits", limitsPath, errors);
        var requestsNode = JsonFields.ReadObject(resources, "requests", requestsPath, errors);

        var limits = ValidateList(limitsNode, limitsPath.Key, errors);
        var requests = ValidateList(requestsNode, requestsPath.Key, errors);
        var cpuOrMemory = false;
        var hugePages = false;
        foreach (var (name, _) in limitsNode ?? [])
        {
            errors.AddRange(ResourceNames.ValidateContainerResourceName(name, limitsPath.Key(name)));
            cpuOrMemory |= name is ResourceNames.Cpu or ResourceNames.Memory;
            hugePages |= ResourceNames.IsHugePages(name);
        }

        foreach (var (name, _) in requestsNode ?? [])
        {
            errors.AddRange(ResourceNames.ValidateContainerResourceName(name, requestsPath.Key(name)));
            cpuOrMemory |= name is ResourceNames.Cpu or ResourceNames.Memory;
            hugePages |= ResourceNames.IsHugePages(name);
            var overcommit = ResourceNames.IsOvercommitAllowed(name);
            if (limitsNode is null || !limitsNode.ContainsKey(name))
            {
                if (!overcommit)
                {
                    errors.Add(FieldError.Required(limitsPath, "Limit must be set for non overcommitable resources"));
                }

                continue;
            }

            if (!requests.TryGetValue(name, out var request) || !limits.TryGetValue(name, out var limit))
            {
                continue;
            }

            // Kubernetes reports these on the requests map itself, not on the entry.
            if (!overcommit && request != limit)
            {
                errors.Add(FieldError.Invalid(requestsPath, request.ToString(), $"must be equal to {name} limit of {limit}"));
            }
            else if (request > limit)
            {
                errors.Add(FieldError.Invalid(requestsPath, request.ToString(), $"must be less than or equal to {name} limit of {limit}"));
            }
        }

        if (hugePages && !cpuOrMemory)
        {
            errors.Add(FieldError.Forbidden(path, "HugePages require cpu or memory"));
        }

        return errors;
    }
}
