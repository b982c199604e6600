using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Node (Kubernetes' pkg/registry/core/node): allocatable defaults to capacity, taints and resource
/// quantities are validated, podCIDRs and providerID may only be set once, and spec.unschedulable is
/// selectable ("false" when unset).
/// </summary>
public sealed class NodeStrategy : ResourceStrategy
{
    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "v1", "Node");
        if (obj["status"] is JsonObject status && status["allocatable"] is null && status["capacity"] is JsonObject capacity)
        {
            status["allocatable"] = capacity.DeepClone();
        }
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var specPath = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(obj, "spec", specPath, errors);
        errors.AddRange(Taints.Validate(spec, specPath.Child("taints")));
        JsonFields.ReadBool(spec, "unschedulable", specPath.Child("unschedulable"), errors);
        ValidateResources(obj, errors);

        var cidrsPath = specPath.Child("podCIDRs");
        var cidrs = PodCidrs(spec);
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!NetworkAddresses.IsCidr(cidrs[i]))
            {
                errors.Add(FieldError.Invalid(cidrsPath.Index(i), cidrs[i], NetworkAddresses.InvalidCidrMessage));
            }
        }

        if (cidrs.Count > 1)
        {
            var families = cidrs.Select(NetworkAddresses.IsIpv4Cidr).ToList();
            if (cidrs.Count > 2 || families[0] is null || families[1] is null || families[0] == families[1])
            {
                errors.Add(FieldError.Invalid(cidrsPath, cidrs, "may specify no more than one CIDR for each IP family"));
            }

            for (var i = 1; i < cidrs.Count; i++)
            {
                if (cidrs.Take(i).Contains(cidrs[i], StringComparer.Ordinal))
                {
                    errors.Add(FieldError.Duplicate(cidrsPath.Index(i), cidrs[i]));
                }
            }
        }

        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ValidateCreate(obj);
        var spec = JsonFields.Object(obj, "spec");
        var oldSpec = JsonFields.Object(old, "spec");

        // The node IPAM controller may assign pod CIDRs and a cloud provider an ID, once.
        var oldCidrs = PodCidrs(oldSpec);
        if (oldCidrs.Count > 0 && !oldCidrs.SequenceEqual(PodCidrs(spec), StringComparer.Ordinal))
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "podCIDRs"), "node updates may not change podCIDR except from \"\" to valid"));
        }

        var oldProviderId = JsonFields.String(oldSpec, "providerID") ?? "";
        if (oldProviderId.Length > 0 && oldProviderId != (JsonFields.String(spec, "providerID") ?? ""))
        {
            errors.Add(FieldError.Forbidden(FieldPath.Root("spec", "providerID"), "node updates may not change providerID except from \"\" to valid"));
        }

        var addressesPath = FieldPath.Root("status", "addresses");
        var seen = new HashSet<(string?, string?)>();
        foreach (var (i, address) in JsonFields.Objects(JsonFields.Array(JsonFields.Object(obj, "status"), "addresses")))
        {
            if (!seen.Add((JsonFields.String(address, "type"), JsonFields.String(address, "address"))))
            {
                errors.Add(FieldError.Duplicate(addressesPath.Index(i), address.DeepClone()));
            }
        }

        return errors;
    }

    // Kubernetes validates a node's status writes as any other update of it. A status write is not
    // defaulted, and strategies have no other step before it is stored: capacity and allocatable are put
    // in canonical form here.
    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ResourceQuantities.Canonicalize(obj, "v1", "Node");
        return ValidateUpdate(obj, old);
    }

    public override string GetSelectableField(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(field);
        return field == "spec.unschedulable"
            ? JsonFields.Bool(JsonFields.Object(obj, "spec"), "unschedulable") == true ? "true" : "false"
            : base.GetSelectableField(obj, field);
    }

    private static void ValidateResources(JsonObject obj, FieldErrorList errors)
    {
        var statusPath = FieldPath.Root("status");
        var status = JsonFields.ReadObject(obj, "status", statusPath, errors);
        foreach (var list in (string[])["capacity", "allocatable"])
        {
            var listPath = statusPath.Child(list);
            ResourceQuantities.ValidateList(JsonFields.ReadObject(status, list, listPath, errors), name => listPath.Child(name), errors);
        }
    }

    // The v1 API carries the primary CIDR in podCIDR too; podCIDRs wins when both are set.
    private static List<string> PodCidrs(JsonObject? spec)
    {
        var cidrs = (JsonFields.Array(spec, "podCIDRs") ?? [])
            .Select(node => JsonFields.TryString(node, out var cidr) ? cidr : "")
            .ToList();
        if (cidrs.Count == 0 && JsonFields.String(spec, "podCIDR") is { Length: > 0 } single)
        {
            cidrs.Add(single);
        }

        return cidrs;
    }
}
