using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A container's probes and lifecycle hooks (Kubernetes' validateProbe, validateHandler and
/// validateLifecycle): exactly one handler each, well-formed ports and paths, non-negative timings.
/// </summary>
internal static class ContainerProbeValidator
{
    private const string NegativeMessage = "must be greater than or equal to 0";

    private static readonly string[] HttpSchemes = ["HTTP", "HTTPS"];
    private static readonly string[] ProbeHandlers = ["exec", "httpGet", "tcpSocket", "grpc"];
    private static readonly string[] LifecycleHandlers = ["exec", "httpGet", "tcpSocket", "sleep"];

    public static void Validate(JsonObject container, FieldPath path, long? gracePeriod, FieldErrorList errors)
    {
        var lifecyclePath = path.Child("lifecycle");
        if (JsonFields.ReadObject(container, "lifecycle", lifecyclePath, errors) is { } lifecycle)
        {
            foreach (var hook in (string[])["postStart", "preStop"])
            {
                if (JsonFields.ReadObject(lifecycle, hook, lifecyclePath.Child(hook), errors) is { } handler)
                {
                    ValidateHandler(handler, LifecycleHandlers, lifecyclePath.Child(hook), gracePeriod, errors);
                }
            }
        }

        foreach (var field in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
        {
            var probePath = path.Child(field);
            if (JsonFields.ReadObject(container, field, probePath, errors) is not { } probe)
            {
                continue;
            }

            ValidateHandler(probe, ProbeHandlers, probePath, gracePeriod, errors);
            foreach (var number in (string[])["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"])
            {
                if (JsonFields.ReadInteger(probe, number, probePath.Child(number), errors) is < 0 and var negative)
                {
                    errors.Add(FieldError.Invalid(probePath.Child(number), negative, NegativeMessage));
                }
            }

            var probeGrace = JsonFields.ReadInteger(probe, "terminationGracePeriodSeconds", probePath.Child("terminationGracePeriodSeconds"), errors);
            if (probeGrace is <= 0)
            {
                errors.Add(FieldError.Invalid(probePath.Child("terminationGracePeriodSeconds"), probeGrace, "must be greater than 0"));
            }

            if (field == "readinessProbe" && probeGrace is not null)
            {
                errors.Add(FieldError.Invalid(probePath.Child("terminationGracePeriodSeconds"), probeGrace, "must not be set for readinessProbes"));
            }

            if (field != "readinessProbe" && (JsonFields.Integer(probe, "successThreshold") ?? 0) is var threshold && threshold != 1)
            {
                errors.Add(FieldError.Invalid(probePath.Child("successThreshold"), threshold, "must be 1"));
            }
        }
    }

    private static void ValidateHandler(JsonObject handler, string[] kinds, FieldPath path, long? gracePeriod, FieldErrorList errors)
    {
        var found = 0;
        foreach (var kind in kinds)
        {
            if (handler[kind] is null)
            {
                continue;
            }

            var kindPath = path.Child(kind);
            if (found++ > 0)
            {
                errors.Add(FieldError.Forbidden(kindPath, "may not specify more than 1 handler type"));
                continue;
            }

            if (JsonFields.ReadObject(handler, kind, kindPath, errors) is not { } body)
            {
                continue;
            }

            switch (kind)
            {
                case "exec":
                    if (JsonFields.ReadArray(body, "command", kindPath.Child("command"), errors) is null or { Count: 0 })
                    {
                        errors.Add(FieldError.Required(kindPath.Child("command")));
                    }

                    break;
                case "httpGet":
                    if (JsonFields.ReadString(body, "path", kindPath.Child("path"), errors).Length == 0)
                    {
                        errors.Add(FieldError.Required(kindPath.Child("path")));
                    }

                    ContainerValidator.ValidatePortNumOrName(body, kindPath.Child("port"), errors);
                    var scheme = JsonFields.ReadString(body, "scheme", kindPath.Child("scheme"), errors);
                    if (!HttpSchemes.Contains(scheme, StringComparer.Ordinal))
                    {
                        errors.Add(FieldError.NotSupported(kindPath.Child("scheme"), scheme, HttpSchemes));
                    }

                    break;
                case "tcpSocket":
                    ContainerValidator.ValidatePortNumOrName(body, kindPath.Child("port"), errors);
                    break;
                case "grpc":
                    if (body["port"] is { } grpcPort && grpcPort.GetValueKind() != JsonValueKind.Number)
                    {
                        errors.Add(JsonFields.TypeError(kindPath.Child("port"), grpcPort, "must be an integer"));
                    }
                    else
                    {
                        ContainerValidator.ValidatePortNumOrName(body, kindPath.Child("port"), errors);
                    }

                    break;
                case "sleep":
                    var seconds = JsonFields.ReadInteger(body, "seconds", kindPath.Child("seconds"), errors) ?? 0;
                    if (gracePeriod is { } grace && (seconds < 0 || seconds > grace))
                    {
                        errors.Add(FieldError.Invalid(kindPath, seconds,
                            string.Create(CultureInfo.InvariantCulture, $"must be non-negative and less than terminationGracePeriodSeconds ({grace})")));
                    }

                    break;
            }
        }

        if (found == 0)
        {
            errors.Add(FieldError.Required(path, "must specify a handler type"));
        }
    }
}
