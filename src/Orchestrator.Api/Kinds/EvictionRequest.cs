using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A policy/v1 Eviction posted to <c>pods/{name}/eviction</c>: not a stored kind, but a request to
/// delete a pod with the given delete options once its disruption budgets allow it. Parsing checks the
/// body against the URL as Kubernetes' eviction REST does, and the options as ValidateDeleteOptions does.
/// </summary>
public sealed record EvictionRequest
{
    private static readonly string[] PropagationPolicies = ["Foreground", "Background", "Orphan", "nil"];
    private static readonly string[] DryRunValues = ["All"];

    /// <summary>The pod to evict.</summary>
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The meta/v1 DeleteOptions of the eviction (empty when none were given).</summary>
    public JsonObject DeleteOptions { get; init; } = [];

    public long? GracePeriodSeconds => JsonFields.Integer(DeleteOptions, "gracePeriodSeconds");

    public string? PropagationPolicy => JsonFields.String(DeleteOptions, "propagationPolicy");

    /// <summary>Whether the options ask for a dry run (<c>dryRun: ["All"]</c>).</summary>
    public bool DryRun => JsonFields.Array(DeleteOptions, "dryRun") is { Count: > 0 };

    /// <summary>preconditions.uid: the eviction applies only to the pod with this uid.</summary>
    public string? PreconditionUid => JsonFields.String(JsonFields.Object(DeleteOptions, "preconditions"), "uid");

    /// <summary>preconditions.resourceVersion: the eviction applies only to this version of the pod.</summary>
    public string? PreconditionResourceVersion => JsonFields.String(JsonFields.Object(DeleteOptions, "preconditions"), "resourceVersion");

    /// <summary>
    /// Parses the body of an eviction of pod <paramref name="name"/> in <paramref name="namespaceName"/>.
    /// Throws a 400 <see cref="StatusException"/> for a body that is not an Eviction of that pod, and a 422
    /// for invalid delete options.
    /// </summary>
    public static EvictionRequest Parse(JsonNode? body, string namespaceName, string name)
    {
        ArgumentNullException.ThrowIfNull(namespaceName);
        ArgumentNullException.ThrowIfNull(name);
        if (body is not JsonObject eviction)
        {
            throw StatusException.BadRequest("the body of an eviction must be a policy/v1 Eviction object");
        }

        var kind = KubeObject.Kind(eviction);
        if (kind is not (null or "" or "Eviction"))
        {
            throw StatusException.BadRequest($"not a Eviction object: {kind}");
        }

        var apiVersion = KubeObject.ApiVersion(eviction);
        if (apiVersion is not (null or "" or "policy/v1" or "policy/v1beta1"))
        {
            throw StatusException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version (policy/v1)");
        }

        if ((KubeObject.Name(eviction) ?? "") != name)
        {
            throw StatusException.BadRequest("name in URL does not match name in Eviction object");
        }

        if (KubeObject.Namespace(eviction) is { Length: > 0 } ns && ns != namespaceName)
        {
            throw StatusException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var options = eviction["deleteOptions"] switch
        {
            null => [],
            JsonObject given => given.DeepClone().AsObject(),
            _ => throw StatusException.BadRequest("deleteOptions must be a meta/v1 DeleteOptions object"),
        };
        var errors = ValidateDeleteOptions(options);
        if (!errors.IsEmpty)
        {
            throw InvalidDeleteOptions(errors);
        }

        return new EvictionRequest { Name = name, Namespace = namespaceName, DeleteOptions = options };
    }

    /// <summary>Kubernetes' ValidateDeleteOptions, with the type checks its decoder would make.</summary>
    public static FieldErrorList ValidateDeleteOptions(JsonObject options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new FieldErrorList();
        JsonFields.ReadInteger(options, "gracePeriodSeconds", FieldPath.Root("gracePeriodSeconds"), errors);
        var orphan = JsonFields.ReadBool(options, "orphanDependents", FieldPath.Root("orphanDependents"), errors);
        var policyPath = FieldPath.Root("propagationPolicy");
        if (options["propagationPolicy"] is not null)
        {
            var policy = JsonFields.ReadString(options, "propagationPolicy", policyPath, errors);
            if (orphan is not null)
            {
                errors.Add(FieldError.Invalid(policyPath, policy, "orphanDependents and deletionPropagation cannot be both set"));
            }

            if (policy is not ("Foreground" or "Background" or "Orphan"))
            {
                errors.Add(FieldError.NotSupported(policyPath, policy, PropagationPolicies));
            }
        }

        var dryRunPath = FieldPath.Root("dryRun");
        foreach (var value in JsonFields.ReadArray(options, "dryRun", dryRunPath, errors) ?? [])
        {
            if (!JsonFields.TryString(value, out var text) || text != "All")
            {
                errors.Add(FieldError.NotSupported(dryRunPath, value?.DeepClone(), DryRunValues));
            }
        }

        var preconditionsPath = FieldPath.Root("preconditions");
        var preconditions = JsonFields.ReadObject(options, "preconditions", preconditionsPath, errors);
        JsonFields.ReadString(preconditions, "uid", preconditionsPath.Child("uid"), errors);
        JsonFields.ReadString(preconditions, "resourceVersion", preconditionsPath.Child("resourceVersion"), errors);
        return errors;
    }

    // Kubernetes reports these against DeleteOptions.meta.k8s.io with an empty name.
    private static StatusException InvalidDeleteOptions(FieldErrorList errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.CauseType, ["message"] = error.ErrorBody, ["field"] = error.Field });
        }

        var details = new JsonObject { ["name"] = "", ["group"] = "meta.k8s.io", ["kind"] = "DeleteOptions", ["causes"] = causes };
        return new StatusException(422, "Invalid", errors.ToInvalidMessage("DeleteOptions.meta.k8s.io", ""), details);
    }
}
