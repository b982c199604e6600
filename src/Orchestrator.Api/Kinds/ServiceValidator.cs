using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// Kubernetes' ValidateService (pkg/apis/core/validation): ports, type and type-dependent fields,
/// session affinity, cluster IPs and IP families, external IPs, source ranges and traffic policies,
/// plus the node port range the allocator enforces.
/// </summary>
internal static class ServiceValidator
{
    private const int KubeletPort = 10250;
    private const long MaxClientIpAffinitySeconds = 86400;

    private static readonly string[] Types = [ServiceShapes.ClusterIp, ServiceShapes.ExternalName, ServiceShapes.LoadBalancer, ServiceShapes.NodePort];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    private static readonly string[] SessionAffinities = ["ClientIP", "None"];
    private static readonly string[] IpFamilies = ["IPv4", "IPv6"];
    private static readonly string[] IpFamilyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
    private static readonly string[] TrafficPolicies = ["Cluster", "Local"];

    public static FieldErrorList Validate(JsonObject service, int nodePortMin, int nodePortMax)
    {
        var errors = new FieldErrorList();
        var path = FieldPath.Root("spec");
        var spec = JsonFields.ReadObject(service, "spec", path, errors) ?? [];
        var type = JsonFields.ReadString(spec, "type", path.Child("type"), errors);
        var headless = ServiceShapes.IsHeadless(spec);
        var ports = JsonFields.ReadObjects(spec, "ports", path.Child("ports"), errors);
        if (ports.Count == 0 && !headless && type != ServiceShapes.ExternalName)
        {
            errors.Add(FieldError.Required(path.Child("ports")));
        }

        ValidateTypeSpecifics(spec, type, ports, path, errors);
        ValidatePorts(type, ports, nodePortMin, nodePortMax, path.Child("ports"), errors);
        var selectorPath = path.Child("selector");
        errors.AddRange(ObjectMetaValidator.ValidateLabels(JsonFields.ReadObject(spec, "selector", selectorPath, errors), selectorPath));
        ValidateSessionAffinity(spec, path, errors);
        ValidateClusterIps(spec, headless, path, errors);
        ValidateExternalIps(spec, path.Child("externalIPs"), errors);

        if (type.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("type")));
        }
        else if (!Types.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("type"), type, Types));
        }

        ValidateLoadBalancerFields(spec, type, path, errors);
        ValidateTrafficPolicies(spec, type, path, errors);
        return errors;
    }

    /// <summary>Kubernetes' ValidateNonSpecialIP: addresses that cannot stand for a service or an endpoint.</summary>
    public static void ValidateNonSpecialIp(string text, FieldPath path, FieldErrorList errors, bool allowLoopback = false)
    {
        if (!IPAddress.TryParse(text, out var ip))
        {
            return;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var bytes = ip.GetAddressBytes();
        var v4 = ip.AddressFamily == AddressFamily.InterNetwork;
        if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
        {
            errors.Add(FieldError.Invalid(path, text, $"may not be unspecified ({text})"));
        }

        if (!allowLoopback && IPAddress.IsLoopback(ip))
        {
            errors.Add(FieldError.Invalid(path, text, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        }

        if ((v4 && bytes[0] == 169 && bytes[1] == 254) || ip.IsIPv6LinkLocal)
        {
            errors.Add(FieldError.Invalid(path, text, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }

        if ((v4 && bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0) || (!v4 && bytes[0] == 0xff && (bytes[1] & 0x0f) == 0x02))
        {
            errors.Add(FieldError.Invalid(path, text, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
        }
    }

    private static void ValidateTypeSpecifics(JsonObject spec, string type, List<(int Index, JsonObject Item)> ports, FieldPath path, FieldErrorList errors)
    {
        var firstClusterIp = path.Child("clusterIPs").Index(0);

        // Not IsHeadless, which only a ClusterIP service can be: these types may not ask for "None" either.
        var none = ServiceShapes.ClusterIps(spec) is [ServiceShapes.None, ..];
        switch (type)
        {
            case ServiceShapes.LoadBalancer:
                if (none)
                {
                    errors.Add(FieldError.Invalid(firstClusterIp, ServiceShapes.None, "may not be set to 'None' for LoadBalancer services"));
                }

                foreach (var (i, port) in ports)
                {
                    if (JsonFields.Integer(port, "port") == KubeletPort)
                    {
                        errors.Add(FieldError.Invalid(path.Child("ports").Index(i), KubeletPort,
                            string.Create(CultureInfo.InvariantCulture, $"may not expose port {KubeletPort} externally since it is used by kubelet")));
                    }
                }

                break;
            case ServiceShapes.NodePort when none:
                errors.Add(FieldError.Invalid(firstClusterIp, ServiceShapes.None, "may not be set to 'None' for NodePort services"));
                break;
            case ServiceShapes.ExternalName:
                if (ServiceShapes.ClusterIps(spec).Count > 0)
                {
                    errors.Add(FieldError.Forbidden(path.Child("clusterIPs"), "may not be set for ExternalName services"));
                }

                if (JsonFields.Array(spec, "ipFamilies") is { Count: > 0 })
                {
                    errors.Add(FieldError.Forbidden(path.Child("ipFamilies"), "may not be set for ExternalName services"));
                }

                if (spec["ipFamilyPolicy"] is not null)
                {
                    errors.Add(FieldError.Forbidden(path.Child("ipFamilyPolicy"), "may not be set for ExternalName services"));
                }

                // The name is a CNAME; a trailing dot marks it fully qualified.
                var cname = JsonFields.ReadString(spec, "externalName", path.Child("externalName"), errors).TrimEnd('.');
                if (cname.Length == 0)
                {
                    errors.Add(FieldError.Required(path.Child("externalName")));
                }
                else
                {
                    foreach (var message in ValidationRules.IsDns1123Subdomain(cname))
                    {
                        errors.Add(FieldError.Invalid(path.Child("externalName"), cname, message));
                    }
                }

                break;
        }
    }

    private static void ValidatePorts(string type, List<(int Index, JsonObject Item)> ports, int nodePortMin, int nodePortMax, FieldPath path, FieldErrorList errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seenPorts = new HashSet<(string, long)>();
        var seenNodePorts = new HashSet<(string, long)>();
        foreach (var (i, port) in ports)
        {
            var portPath = path.Index(i);
            var name = JsonFields.ReadString(port, "name", portPath.Child("name"), errors);
            if (ports.Count > 1 && name.Length == 0)
            {
                errors.Add(FieldError.Required(portPath.Child("name")));
            }
            else if (name.Length > 0)
            {
                foreach (var message in ValidationRules.IsDns1123Label(name))
                {
                    errors.Add(FieldError.Invalid(portPath.Child("name"), name, message));
                }

                if (!names.Add(name))
                {
                    errors.Add(FieldError.Duplicate(portPath.Child("name"), name));
                }
            }

            var number = JsonFields.ReadInteger(port, "port", portPath.Child("port"), errors) ?? 0;
            foreach (var message in ValidationRules.IsInRange(number, 1, 65535))
            {
                errors.Add(FieldError.Invalid(portPath.Child("port"), number, message));
            }

            var protocol = JsonFields.ReadString(port, "protocol", portPath.Child("protocol"), errors);
            if (protocol.Length == 0)
            {
                errors.Add(FieldError.Required(portPath.Child("protocol")));
            }
            else if (!Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(portPath.Child("protocol"), protocol, Protocols));
            }

            ValidateTargetPort(port["targetPort"], portPath.Child("targetPort"), errors);
            if (port["appProtocol"] is not null)
            {
                var appProtocol = JsonFields.ReadString(port, "appProtocol", portPath.Child("appProtocol"), errors);
                foreach (var message in ValidationRules.IsQualifiedName(appProtocol))
                {
                    errors.Add(FieldError.Invalid(portPath.Child("appProtocol"), appProtocol, message));
                }
            }

            if (!seenPorts.Add((protocol, number)))
            {
                errors.Add(FieldError.Duplicate(portPath, new JsonObject { ["port"] = number, ["protocol"] = protocol }));
            }

            var nodePort = JsonFields.ReadInteger(port, "nodePort", portPath.Child("nodePort"), errors) ?? 0;
            if (nodePort == 0)
            {
                continue;
            }

            if (type == ServiceShapes.ClusterIp)
            {
                errors.Add(FieldError.Forbidden(portPath.Child("nodePort"), "may not be used when `type` is 'ClusterIP'"));
            }
            else if (nodePort < nodePortMin || nodePort > nodePortMax)
            {
                // The allocator's refusal: a node port outside the configured range.
                errors.Add(FieldError.Invalid(portPath.Child("nodePort"), nodePort,
                    string.Create(CultureInfo.InvariantCulture, $"provided port is not in the valid range. The range of valid ports is {nodePortMin}-{nodePortMax}")));
            }

            if (!seenNodePorts.Add((protocol, nodePort)))
            {
                errors.Add(FieldError.Duplicate(portPath.Child("nodePort"), nodePort));
            }
        }
    }

    private static void ValidateTargetPort(JsonNode? target, FieldPath path, FieldErrorList errors)
    {
        if (JsonFields.TryInteger(target, out var number))
        {
            foreach (var message in ValidationRules.IsInRange(number, 1, 65535))
            {
                errors.Add(FieldError.Invalid(path, number, message));
            }
        }
        else if (JsonFields.TryString(target, out var name))
        {
            foreach (var message in ValidationRules.IsValidPortName(name))
            {
                errors.Add(FieldError.Invalid(path, name, message));
            }
        }
        else if (target is not null)
        {
            errors.Add(JsonFields.TypeError(path, target, "must be an integer or a string"));
        }
    }

    private static void ValidateSessionAffinity(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        var affinity = JsonFields.ReadString(spec, "sessionAffinity", path.Child("sessionAffinity"), errors);
        var configPath = path.Child("sessionAffinityConfig");
        if (affinity.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("sessionAffinity")));
        }
        else if (!SessionAffinities.Contains(affinity, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("sessionAffinity"), affinity, SessionAffinities));
        }

        if (affinity == "None" && spec["sessionAffinityConfig"] is not null)
        {
            errors.Add(FieldError.Forbidden(configPath, "must not be set when session affinity is None"));
        }
        else if (affinity == "ClientIP")
        {
            const string Detail = "when session affinity type is ClientIP";
            var config = JsonFields.ReadObject(spec, "sessionAffinityConfig", configPath, errors);
            var clientIp = JsonFields.ReadObject(config, "clientIP", configPath.Child("clientIP"), errors);
            var timeoutPath = configPath.Child("clientIP", "timeoutSeconds");
            var timeout = JsonFields.ReadInteger(clientIp, "timeoutSeconds", timeoutPath, errors);
            if (config is null)
            {
                errors.Add(FieldError.Required(configPath, Detail));
            }
            else if (clientIp is null)
            {
                errors.Add(FieldError.Required(configPath.Child("clientIP"), Detail));
            }
            else if (timeout is null)
            {
                errors.Add(FieldError.Required(timeoutPath, Detail));
            }
            else if (timeout is <= 0 or > MaxClientIpAffinitySeconds)
            {
                errors.Add(FieldError.Invalid(timeoutPath, timeout,
                    string.Create(CultureInfo.InvariantCulture, $"must be greater than 0 and less than {MaxClientIpAffinitySeconds}")));
            }
        }
    }

    // ValidateServiceClusterIPsRelatedFields.
    private static void ValidateClusterIps(JsonObject spec, bool headless, FieldPath path, FieldErrorList errors)
    {
        var ipsPath = path.Child("clusterIPs");
        var clusterIp = JsonFields.ReadString(spec, "clusterIP", path.Child("clusterIP"), errors);
        var ipsArray = JsonFields.ReadArray(spec, "clusterIPs", ipsPath, errors) ?? [];
        var ips = ServiceShapes.ClusterIps(spec);
        var ipsValue = ipsArray.DeepClone();
        if (clusterIp.Length > 0)
        {
            if (ips.Count == 0)
            {
                errors.Add(FieldError.Required(ipsPath));
            }
            else if (ips[0] != clusterIp)
            {
                errors.Add(FieldError.Invalid(ipsPath, ipsValue, "first value must match `clusterIP`"));
            }
        }
        else if (ips.Count > 0)
        {
            errors.Add(FieldError.Invalid(ipsPath, ipsValue, "must be empty when `clusterIP` is not specified"));
        }

        var familiesPath = path.Child("ipFamilies");
        var families = new List<string>();
        foreach (var (i, node) in (JsonFields.ReadArray(spec, "ipFamilies", familiesPath, errors) ?? []).Select((n, i) => (i, n)))
        {
            var family = JsonFields.TryString(node, out var text) ? text : "";
            if (!IpFamilies.Contains(family, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(familiesPath.Index(i), family, IpFamilies));
            }

            if (families.Contains(family))
            {
                errors.Add(FieldError.Duplicate(familiesPath.Index(i), family));
            }

            families.Add(family);
        }

        if (spec["ipFamilyPolicy"] is not null)
        {
            var policy = JsonFields.ReadString(spec, "ipFamilyPolicy", path.Child("ipFamilyPolicy"), errors);
            if (!IpFamilyPolicies.Contains(policy, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(path.Child("ipFamilyPolicy"), policy, IpFamilyPolicies));
            }
        }

        var invalid = false;
        for (var i = 0; i < ips.Count; i++)
        {
            if (i == 0 && ips[i] == ServiceShapes.None)
            {
                if (ips.Count > 1)
                {
                    invalid = true;
                    errors.Add(FieldError.Invalid(ipsPath, ipsValue, "'None' must be the first and only value"));
                }

                continue;
            }

            if (!NetworkAddresses.IsIp(ips[i]))
            {
                invalid = true;
                errors.Add(FieldError.Invalid(ipsPath.Index(i), ips[i], NetworkAddresses.InvalidIpMessage));
            }
        }

        if (ips.Count > 2)
        {
            errors.Add(FieldError.Invalid(ipsPath, ipsValue, "may only hold up to 2 values"));
        }

        if (invalid)
        {
            return;
        }

        if (ips.Count > 1 && NetworkAddresses.IsIpv4(ips[0]) == NetworkAddresses.IsIpv4(ips[1]))
        {
            errors.Add(FieldError.Invalid(ipsPath, ipsValue, "may specify no more than one IP for each IP family"));
        }

        if (headless)
        {
            return;
        }

        for (var i = 0; i < ips.Count && i < families.Count; i++)
        {
            var isIpv4 = NetworkAddresses.IsIpv4(ips[i]);
            if (families[i] == "IPv4" && isIpv4 == false)
            {
                errors.Add(FieldError.Invalid(ipsPath.Index(i), ips[i], $"expected an IPv4 value as indicated by `ipFamilies[{i}]`"));
            }
            else if (families[i] == "IPv6" && isIpv4 == true)
            {
                errors.Add(FieldError.Invalid(ipsPath.Index(i), ips[i], $"expected an IPv6 value as indicated by `ipFamilies[{i}]`"));
            }
        }
    }

    private static void ValidateExternalIps(JsonObject spec, FieldPath path, FieldErrorList errors)
    {
        var ips = JsonFields.ReadArray(spec, "externalIPs", path, errors) ?? [];
        for (var i = 0; i < ips.Count; i++)
        {
            var ip = JsonFields.TryString(ips[i], out var text) ? text : "";
            if (!NetworkAddresses.IsIp(ip))
            {
                errors.Add(FieldError.Invalid(path.Index(i), ip, NetworkAddresses.InvalidIpMessage));
            }
            else
            {
                ValidateNonSpecialIp(ip, path.Index(i), errors);
            }
        }
    }

    private static void ValidateLoadBalancerFields(JsonObject spec, string type, FieldPath path, FieldErrorList errors)
    {
        // Kubernetes spells this path with a capital L.
        var rangesPath = path.Child("LoadBalancerSourceRanges");
        var ranges = JsonFields.ReadArray(spec, "loadBalancerSourceRanges", path.Child("loadBalancerSourceRanges"), errors) ?? [];
        if (ranges.Count > 0)
        {
            if (type != ServiceShapes.LoadBalancer)
            {
                errors.Add(FieldError.Forbidden(rangesPath, "may only be used when `type` is 'LoadBalancer'"));
            }

            for (var i = 0; i < ranges.Count; i++)
            {
                var cidr = (JsonFields.TryString(ranges[i], out var text) ? text : "").Trim();
                if (!NetworkAddresses.IsCidr(cidr))
                {
                    errors.Add(FieldError.Invalid(rangesPath.Index(i), cidr, NetworkAddresses.InvalidCidrMessage));
                }
            }
        }

        var allocate = JsonFields.ReadBool(spec, "allocateLoadBalancerNodePorts", path.Child("allocateLoadBalancerNodePorts"), errors);
        if (allocate is not null && type != ServiceShapes.LoadBalancer)
        {
            errors.Add(FieldError.Forbidden(path.Child("allocateLoadBalancerNodePorts"), "may only be used when `type` is 'LoadBalancer'"));
        }

        if (type == ServiceShapes.LoadBalancer && allocate is null)
        {
            // Kubernetes reports this one without the "spec" step.
            errors.Add(FieldError.Required(FieldPath.Root("allocateLoadBalancerNodePorts")));
        }
    }

    private static void ValidateTrafficPolicies(JsonObject spec, string type, FieldPath path, FieldErrorList errors)
    {
        var externalPath = path.Child("externalTrafficPolicy");
        var external = JsonFields.ReadString(spec, "externalTrafficPolicy", externalPath, errors);
        if (!ServiceShapes.ExternallyAccessible(spec))
        {
            if (external.Length > 0)
            {
                errors.Add(FieldError.Invalid(externalPath, external, "may only be set for externally-accessible services"));
            }
        }
        else if (external.Length == 0)
        {
            errors.Add(FieldError.Required(externalPath));
        }
        else if (!TrafficPolicies.Contains(external, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(externalPath, external, TrafficPolicies));
        }

        var healthPath = path.Child("healthCheckNodePort");
        var healthCheckNodePort = JsonFields.ReadInteger(spec, "healthCheckNodePort", healthPath, errors) ?? 0;
        if (!ServiceShapes.NeedsHealthCheckNodePort(spec))
        {
            if (healthCheckNodePort != 0)
            {
                errors.Add(FieldError.Invalid(healthPath, healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
            }
        }
        else if (healthCheckNodePort != 0)
        {
            foreach (var message in ValidationRules.IsInRange(healthCheckNodePort, 1, 65535))
            {
                errors.Add(FieldError.Invalid(healthPath, healthCheckNodePort, message));
            }
        }

        var internalPath = path.Child("internalTrafficPolicy");
        if (spec["internalTrafficPolicy"] is null)
        {
            // Not forbidden for other types, for compatibility with objects stored before it existed.
            if (type is ServiceShapes.NodePort or ServiceShapes.LoadBalancer or ServiceShapes.ClusterIp)
            {
                errors.Add(FieldError.Required(internalPath, "must be specified"));
            }
        }
        else
        {
            var policy = JsonFields.ReadString(spec, "internalTrafficPolicy", internalPath, errors);
            if (!TrafficPolicies.Contains(policy, StringComparer.Ordinal))
            {
                errors.Add(FieldError.NotSupported(internalPath, policy, TrafficPolicies));
            }
        }
    }
}
