using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// discovery.k8s.io/v1 EndpointSlice (Kubernetes' ValidateEndpointSlice): an addressType of IPv4, IPv6 or FQDN
/// that never changes; at most 1000 endpoints, each with 1 to 100 addresses of that type, a DNS-label hostname
/// and a valid node name; at most 20000 ports, uniquely named, with a supported protocol (TCP by default).
/// </summary>
public sealed class EndpointSliceStrategy : ResourceStrategy
{
    public const int MaxEndpoints = 1000;
    public const int MaxAddresses = 100;
    public const int MaxPorts = 20000;

    private static readonly string[] AddressTypes = ["FQDN", "IPv4", "IPv6"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>Accept loopback addresses, which Kubernetes refuses (as <see cref="EndpointsStrategy.AllowLoopbackAddresses"/>).</summary>
    public bool AllowLoopbackAddresses { get; init; }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(obj, "ports")))
        {
            JsonFields.SetDefaultString(port, "name", "");
            JsonFields.SetDefaultString(port, "protocol", "TCP");
        }
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var addressType = JsonFields.ReadString(obj, "addressType", FieldPath.Root("addressType"), errors);
        if (addressType.Length == 0)
        {
            errors.Add(FieldError.Required(FieldPath.Root("addressType")));
        }
        else if (!AddressTypes.Contains(addressType, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(FieldPath.Root("addressType"), addressType, AddressTypes));
        }

        ValidateEndpoints(obj, addressType, errors);
        ValidatePorts(obj, errors);
        return errors;
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ValidateCreate(obj);
        var addressType = JsonFields.String(obj, "addressType");
        if (addressType != JsonFields.String(old, "addressType"))
        {
            errors.Add(FieldError.Invalid(FieldPath.Root("addressType"), addressType, FieldRules.ImmutableMessage));
        }

        return errors;
    }

    private void ValidateEndpoints(JsonObject obj, string addressType, FieldErrorList errors)
    {
        var path = FieldPath.Root("endpoints");
        var endpoints = JsonFields.ReadObjects(obj, "endpoints", path, errors);
        if (endpoints.Count > MaxEndpoints)
        {
            errors.Add(FieldError.TooMany(path, endpoints.Count, MaxEndpoints));
        }

        foreach (var (i, endpoint) in endpoints)
        {
            var endpointPath = path.Index(i);
            var addressesPath = endpointPath.Child("addresses");
            var addresses = JsonFields.ReadArray(endpoint, "addresses", addressesPath, errors) ?? [];
            if (addresses.Count == 0)
            {
                errors.Add(FieldError.Required(addressesPath, "must contain at least 1 address"));
            }
            else if (addresses.Count > MaxAddresses)
            {
                errors.Add(FieldError.TooMany(addressesPath, addresses.Count, MaxAddresses));
            }

            for (var j = 0; j < addresses.Count; j++)
            {
                ValidateAddress(addresses[j], addressType, addressesPath.Index(j), errors);
            }

            if (endpoint["nodeName"] is not null)
            {
                var nodeName = JsonFields.ReadString(endpoint, "nodeName", endpointPath.Child("nodeName"), errors);
                foreach (var message in NameValidators.DnsSubdomain(nodeName, false))
                {
                    errors.Add(FieldError.Invalid(endpointPath.Child("nodeName"), nodeName, message));
                }
            }

            if (endpoint["hostname"] is not null)
            {
                var hostname = JsonFields.ReadString(endpoint, "hostname", endpointPath.Child("hostname"), errors);
                foreach (var message in ValidationRules.IsDns1123Label(hostname))
                {
                    errors.Add(FieldError.Invalid(endpointPath.Child("hostname"), hostname, message));
                }
            }

            var conditions = JsonFields.ReadObject(endpoint, "conditions", endpointPath.Child("conditions"), errors);
            foreach (var condition in (string[])["ready", "serving", "terminating"])
            {
                JsonFields.ReadBool(conditions, condition, endpointPath.Child("conditions").Child(condition), errors);
            }
        }
    }

    private void ValidateAddress(JsonNode? node, string addressType, FieldPath path, FieldErrorList errors)
    {
        if (!JsonFields.TryString(node, out var address))
        {
            errors.Add(JsonFields.TypeError(path, node, "must be a string"));
            return;
        }

        switch (addressType)
        {
            case "IPv4" or "IPv6":
                if (NetworkAddresses.IsIpv4(address) is not { } v4 || v4 != (addressType == "IPv4"))
                {
                    errors.Add(FieldError.Invalid(path, address, $"must be a valid {addressType} address"));
                }
                else
                {
                    ServiceValidator.ValidateNonSpecialIp(address, path, errors, AllowLoopbackAddresses);
                }

                break;
            case "FQDN":
                foreach (var message in ValidationRules.IsDns1123Subdomain(address))
                {
                    errors.Add(FieldError.Invalid(path, address, message));
                }

                break;
        }
    }

    private static void ValidatePorts(JsonObject obj, FieldErrorList errors)
    {
        var path = FieldPath.Root("ports");
        var ports = JsonFields.ReadObjects(obj, "ports", path, errors);
        if (ports.Count > MaxPorts)
        {
            errors.Add(FieldError.TooMany(path, ports.Count, MaxPorts));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (i, port) in ports)
        {
            var portPath = path.Index(i);
            var name = JsonFields.ReadString(port, "name", portPath.Child("name"), errors);
            if (name.Length > 0)
            {
                foreach (var message in ValidationRules.IsDns1123Label(name))
                {
                    errors.Add(FieldError.Invalid(portPath.Child("name"), name, message));
                }
            }

            if (!names.Add(name))
            {
                errors.Add(FieldError.Duplicate(portPath.Child("name"), name));
            }

            if (JsonFields.ReadInteger(port, "port", portPath.Child("port"), errors) is { } number)
            {
                foreach (var message in ValidationRules.IsInRange(number, 1, 65535))
                {
                    errors.Add(FieldError.Invalid(portPath.Child("port"), number, message));
                }
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

            if (port["appProtocol"] is not null)
            {
                var appProtocol = JsonFields.ReadString(port, "appProtocol", portPath.Child("appProtocol"), errors);
                foreach (var message in ValidationRules.IsQualifiedName(appProtocol))
                {
                    errors.Add(FieldError.Invalid(portPath.Child("appProtocol"), appProtocol, message));
                }
            }
        }
    }
}
