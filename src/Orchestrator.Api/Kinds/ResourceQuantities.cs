using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Resources;
using Orchestrator.Model.Schema;
using Orchestrator.Model.Schema.Validation;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Quantities in canonical form, and validation of resource lists (<c>{"cpu": "500m", "memory": "1Gi"}</c>)
/// and of a container's requests and limits, as Kubernetes' ValidateResourceQuantityValue and
/// validateResourceRequirements.
/// </summary>
internal static class ResourceQuantities
{
    private const string NegativeMessage = "must be greater than or equal to 0";

    /// <summary>
    /// Puts every quantity of an object of this kind in the canonical string form Kubernetes stores
    /// (<c>0.5</c> is stored as <c>"500m"</c>); a value where a quantity belongs that is none is a 400, as
    /// Kubernetes' decoder answers it (<c>Pod in version "v1" cannot be handled as a Pod: ...</c>).
    /// </summary>
    public static void Canonicalize(JsonObject obj, string apiVersion, string kind)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(apiVersion);
        if (KubeSchema.Find(apiVersion, kind) is { } schema && QuantityFields.Canonicalize(obj, schema) is { } error)
        {
            var version = apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];
            throw StatusException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {error.Reason}");
        }
    }

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

        if (ResourceNames.IsInteger(resource) && !IsInteger(quantity))
        {
            errors.Add(FieldError.Invalid(path, quantity.ToString(), "must be an integer"));
        }
    }

    // Kubernetes' check, MilliValue() % 1000 == 0, where the milli value fits in 64 bits (1.9995 counts as
    // whole there, rounding up); beyond that Kubernetes' value overflows, and here the exact answer counts.
    private static bool IsInteger(Quantity quantity)
    {
        try
        {
            return quantity.MilliValue() % 1000 == 0;
        }
        catch (OverflowException)
        {
            return quantity.IsWholeNumber;
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
