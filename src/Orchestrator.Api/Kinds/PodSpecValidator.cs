using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A pod's spec, validated as Kubernetes' ValidatePodSpec and the pod-only checks around it
/// (validatePodMetadataAndSpec): the rules every create and every update must pass.
/// </summary>
internal static class PodSpecValidator
{
    private const int MaxDnsNameservers = 3;
    private const int MaxDnsSearchPaths = 32;

    private static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
    private static readonly string[] PreemptionPolicies = ["PreemptLowerPriority", "Never"];
    private static readonly string[] OperatingSystems = ["linux", "windows"];

    public static FieldErrorList Validate(JsonObject pod) => Validate(pod, FieldPath.Root("spec"), resourceIsPod: true);

    /// <summary>
    /// Validates <c>owner.spec</c>, reporting under <paramref name="path"/>: a pod's spec, or a template's
    /// (<c>spec.template.spec</c>). A template may leave a host-network container's hostPort unset, because
    /// it is defaulted when the pod is created (Kubernetes' PodValidationOptions.ResourceIsPod).
    /// </summary>
    public static FieldErrorList Validate(JsonObject owner, FieldPath path, bool resourceIsPod)
    {
        var errors = new FieldErrorList();
        if (owner["spec"] is not JsonObject spec)
        {
            if (owner["spec"] is { } wrong)
            {
                errors.Add(JsonFields.TypeError(path, wrong, "must be an object"));
                return errors;
            }

            spec = [];
        }

        var gracePath = path.Child("terminationGracePeriodSeconds");
        var gracePeriod = JsonFields.ReadInteger(spec, "terminationGracePeriodSeconds", gracePath, errors);
        if (spec["terminationGracePeriodSeconds"] is null)
        {
            errors.Add(FieldError.Required(gracePath));
        }
        else if (gracePeriod < 0)
        {
            errors.Add(FieldError.Invalid(gracePath, gracePeriod, "must be greater than or equal to 0"));
        }

        var volumes = PodVolumes.Validate(spec, path.Child("volumes"), errors);
        ValidateContainers(spec, path, volumes, gracePeriod, errors);
        ValidateHostNetwork(spec, path, resourceIsPod, errors);
        ValidateOneOf(spec, "restartPolicy", RestartPolicies, path, required: true, errors);
        ValidateOneOf(spec, "dnsPolicy", DnsPolicies, path, required: true, errors);
        var nodeSelectorPath = path.Child("nodeSelector");
        errors.AddRange(ObjectMetaValidator.ValidateLabels(JsonFields.ReadObject(spec, "nodeSelector", nodeSelectorPath, errors), nodeSelectorPath));
        ValidateImagePullSecrets(spec, path.Child("imagePullSecrets"), errors);
        ValidateDnsConfig(spec, path, errors);
        ValidateQualifiedNames(spec, "readinessGates", "conditionType", path, errors);
        ValidateSchedulingGates(spec, path.Child("schedulingGates"), errors);
        ValidateName(spec, "serviceAccountName", NameValidators.DnsSubdomain, path, errors);
        ValidateName(spec, "nodeName", NameValidators.DnsSubdomain, path, errors);
        ValidateName(spec, "hostname", NameValidators.DnsLabel, path, errors);
        ValidateName(spec, "subdomain", NameValidators.DnsLabel, path, errors);
        ValidateName(spec, "priorityClassName", NameValidators.DnsSubdomain, path, errors);
        ValidateName(spec, "runtimeClassName", NameValidators.DnsSubdomain, path, errors);

        var deadlinePath = path.Child("activeDeadlineSeconds");
        if (JsonFields.ReadInteger(spec, "activeDeadlineSeconds", deadlinePath, errors) is { } deadline and (< 1 or > int.MaxValue))
        {
            errors.Add(FieldError.Invalid(deadlinePath, deadline, ValidationRules.InclusiveRangeError(1, int.MaxValue)));
        }

        errors.AddRange(Tolerations.Validate(spec, path.Child("tolerations")));
        ValidateHostAliases(spec, path.Child("hostAliases"), errors);
        if (spec["preemptionPolicy"] is not null)
        {
            ValidateOneOf(spec, "preemptionPolicy", PreemptionPolicies, path, required: true, errors);
        }

        JsonFields.ReadInteger(spec, "priority", path.Child("priority"), errors);
        JsonFields.ReadBool(spec, "enableServiceLinks", path.Child("enableServiceLinks"), errors);
        ValidateOs(spec, path.Child("os"), errors);
        return errors;
    }

    private static void ValidateContainers(JsonObject spec, FieldPath path, Dictionary<string, JsonObject> volumes, long? gracePeriod, FieldErrorList errors)
    {
        var containersPath = path.Child("containers");
        var containers = JsonFields.ReadObjects(spec, "containers", containersPath, errors);
        if (containers.Count == 0 && spec["containers"] is null or JsonArray)
        {
            errors.Add(FieldError.Required(containersPath));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, container) in containers)
        {
            var itemPath = containersPath.Index(i);
            ContainerValidator.ValidateCommon(container, itemPath, volumes, errors);
            if (!names.Add(JsonFields.String(container, "name") ?? ""))
            {
                errors.Add(FieldError.Duplicate(itemPath.Child("name"), JsonFields.String(container, "name") ?? ""));
            }

            ContainerValidator.ValidateRegular(container, itemPath, gracePeriod, errors);
        }

        ContainerValidator.ValidateHostPorts(containers, containersPath, errors);

        // Init containers' names must also differ from the regular containers'.
        var initPath = path.Child("initContainers");
        foreach (var (i, container) in JsonFields.ReadObjects(spec, "initContainers", initPath, errors))
        {
            var itemPath = initPath.Index(i);
            ContainerValidator.ValidateCommon(container, itemPath, volumes, errors);
            ContainerValidator.ValidateInit(container, itemPath, gracePeriod, errors);
            var name = JsonFields.String(container, "name") ?? "";
            if (names.Contains(name))
            {
                errors.Add(FieldError.Duplicate(itemPath.Child("name"), name));
            }
            else if (name.Length > 0)
            {
                names.Add(name);
            }

            ContainerValidator.ValidateHostPorts([(i, container)], initPath, errors);
        }
    }

    // With the host's network a pod's container ports are the host's ports.
    private static void ValidateHostNetwork(JsonObject spec, FieldPath path, bool resourceIsPod, FieldErrorList errors)
    {
        if (JsonFields.ReadBool(spec, "hostNetwork", path.Child("hostNetwork"), errors) != true)
        {
            return;
        }

        foreach (var (i, container) in JsonFields.Objects(JsonFields.Array(spec, "containers")))
        {
            foreach (var (p, port) in JsonFields.Objects(JsonFields.Array(container, "ports")))
            {
                var hostPort = JsonFields.Integer(port, "hostPort") ?? 0;
                if ((resourceIsPod || hostPort != 0) && hostPort != (JsonFields.Integer(port, "containerPort") ?? 0))
                {
                    errors.Add(FieldError.Invalid(path.Child("containers").Index(i).Child("ports").Index(p).Child("hostPort"), hostPort,
                        "must match `containerPort` when `hostNetwork` is true"));
                }
            }
        }
    }

    private static void ValidateOneOf(JsonObject spec, string field, string[] supported, FieldPath path, bool required, FieldErrorList errors)
    {
        var value = JsonFields.ReadString(spec, field, path.Child(field), errors);
        if (value.Length == 0)
        {
            if (required && (spec[field] is null || JsonFields.String(spec, field) is not null))
            {
                errors.Add(FieldError.Required(path.Child(field)));
            }
        }
        else if (!supported.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child(field), value, supported));
        }
    }

    private static void ValidateName(JsonObject spec, string field, NameValidator validator, FieldPath path, FieldErrorList errors)
    {
        var value = JsonFields.ReadString(spec, field, path.Child(field), errors);
        if (value.Length == 0)
        {
            return;
        }

        foreach (var message in validator(value, false))
        {
            errors.Add(FieldError.Invalid(path.Child(field), value, message));
        }
    }

    private static void ValidateImagePullSecrets(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        foreach (var (i, reference) in JsonFields.ReadObjects(spec, "imagePullSecrets", path, errors))
        {
            if (reference.Any(property => property.Key != "name"))
            {
                errors.Add(FieldError.Invalid(path.Index(i), reference.DeepClone(), "only name may be set"));
            }
        }
    }

    private static void ValidateDnsConfig(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        var configPath = path.Child("dnsConfig");
        var config = JsonFields.ReadObject(spec, "dnsConfig", configPath, errors);
        var nameservers = JsonFields.Array(config, "nameservers") ?? [];
        if (JsonFields.String(spec, "dnsPolicy") == "None")
        {
            if (config is null)
            {
                errors.Add(FieldError.Required(configPath, "must provide `dnsConfig` when `dnsPolicy` is None"));
                return;
            }

            if (nameservers.Count == 0)
            {
                errors.Add(FieldError.Required(configPath.Child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None"));
                return;
            }
        }

        if (config is null)
        {
            return;
        }

        if (nameservers.Count > MaxDnsNameservers)
        {
            errors.Add(FieldError.Invalid(configPath.Child("nameservers"), nameservers.DeepClone(), $"must not have more than {MaxDnsNameservers} nameservers"));
        }

        for (var i = 0; i < nameservers.Count; i++)
        {
            if (!JsonFields.TryString(nameservers[i], out var server) || !NetworkAddresses.IsIp(server))
            {
                errors.Add(FieldError.Invalid(configPath.Child("nameservers").Index(i), nameservers[i]?.DeepClone(), NetworkAddresses.InvalidIpMessage));
            }
        }

        var searches = JsonFields.Array(config, "searches") ?? [];
        if (searches.Count > MaxDnsSearchPaths)
        {
            errors.Add(FieldError.Invalid(configPath.Child("searches"), searches.DeepClone(), $"must not have more than {MaxDnsSearchPaths} search paths"));
        }

        for (var i = 0; i < searches.Count; i++)
        {
            var search = JsonFields.TryString(searches[i], out var text) ? text.TrimEnd('.') : "";
            foreach (var message in ValidationRules.IsDns1123Subdomain(search))
            {
                errors.Add(FieldError.Invalid(configPath.Child("searches").Index(i), search, message));
            }
        }

        foreach (var (i, option) in JsonFields.Objects(JsonFields.Array(config, "options")))
        {
            if (string.IsNullOrEmpty(JsonFields.String(option, "name")))
            {
                errors.Add(FieldError.Required(configPath.Child("options").Index(i), "must not be empty"));
            }
        }
    }

    private static void ValidateQualifiedNames(JsonObject spec, string list, string field, FieldPath path, FieldErrorList errors)
    {
        var listPath = path.Child(list);
        foreach (var (i, item) in JsonFields.ReadObjects(spec, list, listPath, errors))
        {
            var value = JsonFields.ReadString(item, field, listPath.Index(i).Child(field), errors);
            foreach (var message in ValidationRules.IsQualifiedName(value))
            {
                errors.Add(FieldError.Invalid(listPath.Index(i).Child(field), value, message));
            }
        }
    }

    private static void ValidateSchedulingGates(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, gate) in JsonFields.ReadObjects(spec, "schedulingGates", path, errors))
        {
            var name = JsonFields.ReadString(gate, "name", path.Index(i).Child("name"), errors);
            foreach (var message in ValidationRules.IsQualifiedName(name))
            {
                errors.Add(FieldError.Invalid(path.Index(i), name, message));
            }

            if (!seen.Add(name))
            {
                errors.Add(FieldError.Duplicate(path.Index(i), name));
            }
        }
    }

    private static void ValidateHostAliases(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        foreach (var (i, alias) in JsonFields.ReadObjects(spec, "hostAliases", path, errors))
        {
            var ip = JsonFields.ReadString(alias, "ip", path.Index(i).Child("ip"), errors);
            if (!NetworkAddresses.IsIp(ip))
            {
                errors.Add(FieldError.Invalid(path.Index(i).Child("ip"), ip, NetworkAddresses.InvalidIpMessage));
            }

            var hostnames = JsonFields.Array(alias, "hostnames") ?? [];
            for (var j = 0; j < hostnames.Count; j++)
            {
                var hostname = JsonFields.TryString(hostnames[j], out var text) ? text : "";
                foreach (var message in ValidationRules.IsDns1123Subdomain(hostname))
                {
                    errors.Add(FieldError.Invalid(path.Index(i).Child("hostnames").Index(j), hostname, message));
                }
            }
        }
    }

    private static void ValidateOs(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        if (JsonFields.ReadObject(spec, "os", path, errors) is not { } os)
        {
            return;
        }

        var name = JsonFields.ReadString(os, "name", path.Child("name"), errors);
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name"), "cannot be empty"));
        }
        else if (!OperatingSystems.Contains(name, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path, name, OperatingSystems));
        }
    }
}
