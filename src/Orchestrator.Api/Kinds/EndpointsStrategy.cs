using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Endpoints (Kubernetes' ValidateEndpoints): every subset has addresses, each a real IP that is
/// not unspecified, loopback or link-local, with a DNS-label hostname and a valid node name; ports are
/// named when there are several, in range, with a supported protocol (TCP by default).
/// </summary>
public sealed class EndpointsStrategy : ResourceStrategy
{
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <summary>
    /// Accept loopback addresses, which Kubernetes refuses; for clusters whose nodes (and so host-network
    /// pods) are reachable only on 127.0.0.0/8.
    /// </summary>
    public bool AllowLoopbackAddresses { get; init; }

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var (_, subset) in JsonFields.Objects(JsonFields.Array(obj, "subsets")))
        {
            foreach (var (_, port) in JsonFields.Objects(JsonFields.Array(subset, "ports")))
            {
                JsonFields.SetDefaultString(port, "protocol", "TCP");
            }
        }
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("subsets");
        foreach (var (i, subset) in JsonFields.ReadObjects(obj, "subsets", path, errors))
        {
            var subsetPath = path.Index(i);
            var addresses = JsonFields.ReadObjects(subset, "addresses", subsetPath.Child("addresses"), errors);
            var notReady = JsonFields.ReadObjects(subset, "notReadyAddresses", subsetPath.Child("notReadyAddresses"), errors);
            if (addresses.Count == 0 && notReady.Count == 0)
            {
                errors.Add(FieldError.Required(subsetPath, "must specify `addresses` or `notReadyAddresses`"));
            }

            foreach (var (j, address) in addresses)
            {
                ValidateAddress(address, subsetPath.Child("addresses").Index(j), errors);
            }

            foreach (var (j, address) in notReady)
            {
                ValidateAddress(address, subsetPath.Child("notReadyAddresses").Index(j), errors);
            }

            var ports = JsonFields.ReadObjects(subset, "ports", subsetPath.Child("ports"), errors);
            foreach (var (j, port) in ports)
            {
                ValidatePort(port, ports.Count > 1, subsetPath.Child("ports").Index(j), errors);
            }
        }

        return errors;
    }

    private void ValidateAddress(JsonObject address, FieldPath path, FieldErrorList errors)
    {
        var ip = JsonFields.ReadString(address, "ip", path.Child("ip"), errors);
        if (!NetworkAddresses.IsIp(ip))
        {
            errors.Add(FieldError.Invalid(path.Child("ip"), ip, NetworkAddresses.InvalidIpMessage));
        }
        else
        {
            ServiceValidator.ValidateNonSpecialIp(ip, path.Child("ip"), errors, AllowLoopbackAddresses);
        }

        var hostname = JsonFields.ReadString(address, "hostname", path.Child("hostname"), errors);
        if (hostname.Length > 0)
        {
            foreach (var message in ValidationRules.IsDns1123Label(hostname))
            {
                errors.Add(FieldError.Invalid(path.Child("hostname"), hostname, message));
            }
        }

        if (address["nodeName"] is not null)
        {
            var nodeName = JsonFields.ReadString(address, "nodeName", path.Child("nodeName"), errors);
            foreach (var message in NameValidators.DnsSubdomain(nodeName, false))
            {
                errors.Add(FieldError.Invalid(path.Child("nodeName"), nodeName, message));
            }
        }
    }

    private static void ValidatePort(JsonObject port, bool requireName, FieldPath path, FieldErrorList errors)
    {
        var name = JsonFields.ReadString(port, "name", path.Child("name"), errors);
        if (requireName && name.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("name")));
        }
        else if (name.Length > 0)
        {
            foreach (var message in ValidationRules.IsDns1123Label(name))
            {
                errors.Add(FieldError.Invalid(path.Child("name"), name, message));
            }
        }

        var number = JsonFields.ReadInteger(port, "port", path.Child("port"), errors) ?? 0;
        foreach (var message in ValidationRules.IsInRange(number, 1, 65535))
        {
            errors.Add(FieldError.Invalid(path.Child("port"), number, message));
        }

        var protocol = JsonFields.ReadString(port, "protocol", path.Child("protocol"), errors);
        if (protocol.Length == 0)
        {
            errors.Add(FieldError.Required(path.Child("protocol")));
        }
        else if (!Protocols.Contains(protocol, StringComparer.Ordinal))
        {
            errors.Add(FieldError.NotSupported(path.Child("protocol"), protocol, Protocols));
        }

        if (port["appProtocol"] is not null)
        {
            var appProtocol = JsonFields.ReadString(port, "appProtocol", path.Child("appProtocol"), errors);
            foreach (var message in ValidationRules.IsQualifiedName(appProtocol))
            {
                errors.Add(FieldError.Invalid(path.Child("appProtocol"), appProtocol, message));
            }
        }
    }
}
