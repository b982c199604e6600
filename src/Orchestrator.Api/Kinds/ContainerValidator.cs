using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// The checks Kubernetes makes on each container of a pod (validateContainerCommon and what
/// validateContainers / validateInitContainers add): name, image, ports, mounts, pull and
/// termination-message policies and resources; environment and probes have their own validators.
/// </summary>
internal static class ContainerValidator
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] PullPolicies = [ImagePullPolicy.Always, ImagePullPolicy.IfNotPresent, ImagePullPolicy.Never];
    private static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];
    private static readonly string[] InitContainerRestartPolicies = ["Always"];

    /// <summary>What every container is checked for, whatever its list.</summary>
    public static void ValidateCommon(JsonObject container, FieldPath path, IReadOnlyDictionary<string, JsonObject> volumes, FieldErrorList errors)
    {
        var namePath = path.Child("name");
        var name = JsonFields.ReadString(container, "name", namePath, errors);
        if (name.Length == 0)
        {
            errors.Add(FieldError.Required(namePath));
        }
        else
        {
            foreach (var message in ValidationRules.IsDns1123Label(name))
            {
                errors.Add(FieldError.Invalid(namePath, name, message));
            }
        }

        var image = JsonFields.ReadString(container, "image", path.Child("image"), errors);
        if (image.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("image")));
        }
        else if (image.Trim().Length != image.Length)
        {
            errors.Add(FieldError.Invalid(path.Child("image"), image, "must not have leading or trailing whitespace"));
        }

        RequireOneOf(container, "terminationMessagePolicy", TerminationMessagePolicies, path, errors);
        ValidatePorts(container, path.Child("ports"), errors);
        ContainerEnvValidator.ValidateEnv(container, path.Child("env"), errors);
        ContainerEnvValidator.ValidateEnvFrom(container, path.Child("envFrom"), errors);
        ValidateVolumeMounts(container, path.Child("volumeMounts"), volumes, errors);
        RequireOneOf(container, "imagePullPolicy", PullPolicies, path, errors);
        var resourcesPath = path.Child("resources");
        errors.AddRange(ResourceQuantities.ValidateRequirements(JsonFields.ReadObject(container, "resources", resourcesPath, errors), resourcesPath));
    }

    /// <summary>A regular container's probes and hooks; a restart policy is only for init containers.</summary>
    public static void ValidateRegular(JsonObject container, FieldPath path, long? gracePeriod, FieldErrorList errors)
    {
        ContainerProbeValidator.Validate(container, path, gracePeriod, errors);
        if (container["restartPolicy"] is not null)
        {
            errors.Add(FieldError.Forbidden(path.Child("restartPolicy"), "may not be set for non-init containers"));
        }
    }

    /// <summary>An init container: probes and hooks only for sidecars (restartPolicy Always).</summary>
    public static void ValidateInit(JsonObject container, FieldPath path, long? gracePeriod, FieldErrorList errors)
    {
        var restartAlways = false;
        if (container["restartPolicy"] is not null)
        {
            var policy = JsonFields.ReadString(container, "restartPolicy", path.Child("restartPolicy"), errors);
            restartAlways = policy == "Always";
            if (!restartAlways)
            {
                errors.Add(FieldError.NotSupported(path.Child("restartPolicy"), policy, InitContainerRestartPolicies));
            }
        }

        if (restartAlways)
        {
            ContainerProbeValidator.Validate(container, path, gracePeriod, errors);
            return;
        }

        foreach (var field in (string[])["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"])
        {
            if (container[field] is not null)
            {
                errors.Add(FieldError.Forbidden(path.Child(field), "may not be set for init containers without restartPolicy=Always"));
            }
        }
    }

    /// <summary>Host ports must not collide within one set of containers running together.</summary>
    public static void ValidateHostPorts(IEnumerable<(int Index, JsonObject Container)> containers, FieldPath path, FieldErrorList errors)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (ci, container) in containers)
        {
            foreach (var (pi, port) in JsonFields.Objects(JsonFields.Array(container, "ports")))
            {
                if (JsonFields.Integer(port, "hostPort") is not { } hostPort || hostPort == 0)
                {
                    continue;
                }

                var key = string.Create(CultureInfo.InvariantCulture,
                    $"{JsonFields.String(port, "protocol")}/{JsonFields.String(port, "hostIP")}/{hostPort}");
                if (!used.Add(key))
                {
                    errors.Add(FieldError.Duplicate(path.Index(ci).Child("ports").Index(pi).Child("hostPort"), key));
                }
            }
        }
    }

    private static void RequireOneOf(JsonObject container, string field, string[] supported, FieldPath path, FieldErrorList errors)
    {
        var value = JsonFields.ReadString(container, field, path.Child(field), errors);
        if (value.Length == 0)
        {
            if (container[field] is null || JsonFields.String(container, field) is not null)
            {
                errors.Add(FieldError.Required(path.Child(field)));
            }
        }
        else if (!supported.Contains(value, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child(field), value, supported));
        }
    }

    private static void ValidatePorts(JsonObject container, FieldPath path, FieldErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, port) in JsonFields.ReadObjects(container, "ports", path, errors))
        {
            var itemPath = path.Index(i);
            var name = JsonFields.ReadString(port, "name", itemPath.Child("name"), errors);
            if (name.Length > 0)
            {
                var messages = ValidationRules.IsValidPortName(name);
                foreach (var message in messages)
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("name"), name, message));
                }

                if (messages.Count == 0 && !names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(itemPath.Child("name"), name));
                }
            }

            var containerPort = JsonFields.ReadInteger(port, "containerPort", itemPath.Child("containerPort"), errors);
            if (containerPort is null or 0)
            {
                if (port["containerPort"] is null || containerPort == 0)
                {
                    errors.Add(FieldError.Required(itemPath.Child("containerPort")));
                }
            }
            else
            {
                ValidatePortNumber(containerPort.Value, itemPath.Child("containerPort"), errors);
            }

            if (JsonFields.ReadInteger(port, "hostPort", itemPath.Child("hostPort"), errors) is { } hostPort and not 0)
            {
                ValidatePortNumber(hostPort, itemPath.Child("hostPort"), errors);
            }

            var protocol = JsonFields.ReadString(port, "protocol", itemPath.Child("protocol"), errors);
            if (protocol.Length == 0)
            {
                errors.Add(FieldError.Required(itemPath.Child("protocol")));
            }
            else if (!Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(itemPath.Child("protocol"), protocol, Protocols));
            }
        }
    }

    private static void ValidatePortNumber(long port, FieldPath path, FieldErrorList errors)
    {
        foreach (var message in ValidationRules.IsValidPortNum(port is >= int.MinValue and <= int.MaxValue ? (int)port : -1))
        {
            errors.Add(FieldError.Invalid(path, port, message));
        }
    }

    /// <summary>A port given by number or by the name of a container port (IntOrString).</summary>
    public static void ValidatePortNumOrName(JsonObject handler, FieldPath path, FieldErrorList errors)
    {
        var node = handler["port"];
        if (node is null)
        {
            ValidatePortNumber(0, path, errors);
        }
        else if (JsonFields.TryInteger(node, out var number))
        {
            ValidatePortNumber(number, path, errors);
        }
        else if (JsonFields.TryString(node, out var name))
        {
            foreach (var message in ValidationRules.IsValidPortName(name))
            {
                errors.Add(FieldError.Invalid(path, name, message));
            }
        }
        else
        {
            errors.Add(JsonFields.TypeError(path, node, "must be an integer or a string"));
        }
    }

    private static void ValidateVolumeMounts(JsonObject container, FieldPath path, IReadOnlyDictionary<string, JsonObject> volumes, FieldErrorList errors)
    {
        var mountPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, mount) in JsonFields.ReadObjects(container, "volumeMounts", path, errors))
        {
            var itemPath = path.Index(i);
            var name = JsonFields.ReadString(mount, "name", itemPath.Child("name"), errors);
            if (name.Length == 0)
            {
                errors.Add(FieldError.Required(itemPath.Child("name")));
            }

            if (!volumes.ContainsKey(name))
            {
                errors.Add(FieldError.NotFound(itemPath.Child("name"), name));
            }

            var mountPath = JsonFields.ReadString(mount, "mountPath", itemPath.Child("mountPath"), errors);
            if (mountPath.Length == 0)
            {
                errors.Add(FieldError.Required(itemPath.Child("mountPath")));
            }

            if (!mountPaths.Add(mountPath))
            {
                errors.Add(FieldError.Invalid(itemPath.Child("mountPath"), mountPath, "must be unique"));
            }

            var subPath = JsonFields.ReadString(mount, "subPath", itemPath.Child("subPath"), errors);
            if (subPath.Length > 0)
            {
                PodVolumes.ValidateLocalDescendingPath(subPath, itemPath.Child("subPath"), errors);
            }

            var subPathExpr = JsonFields.ReadString(mount, "subPathExpr", itemPath.Child("subPathExpr"), errors);
            if (subPathExpr.Length > 0)
            {
                if (subPath.Length > 0)
                {
                    errors.Add(FieldError.Invalid(itemPath.Child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive"));
                }

                PodVolumes.ValidateLocalDescendingPath(subPathExpr, itemPath.Child("subPathExpr"), errors);
            }
        }
    }
}
