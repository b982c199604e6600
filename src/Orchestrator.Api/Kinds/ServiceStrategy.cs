using System.Text.Json.Nodes;
using Orchestrator.Api.Resources;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// v1 Service (Kubernetes' pkg/registry/core/service): a DNS-1035 name, SetDefaults_Service, IP family
/// fields, clusterIP/clusterIPs kept in step, ValidateService and ValidateServiceUpdate, and an empty
/// load-balancer status on create. Allocating cluster IPs and node ports is the gateway's work: the
/// strategy keeps the values given, and on update keeps the allocated ones a client left out.
/// </summary>
public sealed class ServiceStrategy : ResourceStrategy
{
    /// <summary>The first port of Kubernetes' default --service-node-port-range.</summary>
    public const int DefaultNodePortMin = 30000;

    /// <summary>The last port of Kubernetes' default --service-node-port-range.</summary>
    public const int DefaultNodePortMax = 32767;

    /// <summary>The lowest node port a service may ask for.</summary>
    public int NodePortMin { get; init; } = DefaultNodePortMin;

    /// <summary>The highest node port a service may ask for.</summary>
    public int NodePortMax { get; init; } = DefaultNodePortMax;

    public override NameValidator NameValidator => NameValidators.Dns1035Label;

    public override void Default(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (JsonFields.DefaultObject(obj, "spec") is { } spec)
        {
            ServiceDefaults.Apply(spec);
        }
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        if (JsonFields.Object(obj, "spec") is { } spec)
        {
            ServiceDefaults.NormalizeClusterIpsOnCreate(spec);
            ServiceDefaults.InitIpFamilies(spec, inherited: null);
        }
    }

    public override void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        if (JsonFields.Object(obj, "spec") is not { } spec)
        {
            return;
        }

        var oldSpec = JsonFields.Object(old, "spec") ?? [];
        ServiceUpdates.Prepare(spec, oldSpec, obj);
        ServiceDefaults.InitIpFamilies(spec, ServiceShapes.NeedsClusterIp(oldSpec) ? oldSpec : null);
    }

    public override FieldErrorList ValidateCreate(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ServiceValidator.Validate(obj, NodePortMin, NodePortMax);
    }

    public override FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = ServiceUpdates.Validate(JsonFields.Object(obj, "spec") ?? [], JsonFields.Object(old, "spec") ?? []);
        errors.AddRange(ValidateCreate(obj));
        return errors;
    }

    public override FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(old);
        var errors = new FieldErrorList();
        var path = FieldPath.Root("status", "loadBalancer", "ingress");
        var ingress = JsonFields.ReadObjects(JsonFields.Object(JsonFields.Object(obj, "status"), "loadBalancer"), "ingress", path, errors);
        foreach (var (i, item) in ingress)
        {
            var ip = JsonFields.ReadString(item, "ip", path.Index(i).Child("ip"), errors);
            if (ip.Length > 0 && !NetworkAddresses.IsIp(ip))
            {
                errors.Add(FieldError.Invalid(path.Index(i).Child("ip"), ip, NetworkAddresses.InvalidIpMessage));
            }

            var hostname = JsonFields.ReadString(item, "hostname", path.Index(i).Child("hostname"), errors);
            if (hostname.Length > 0)
            {
                foreach (var message in ValidationRules.IsDns1123Subdomain(hostname))
                {
                    errors.Add(FieldError.Invalid(path.Index(i).Child("hostname"), hostname, message));
                }

                if (NetworkAddresses.IsIp(hostname))
                {
                    errors.Add(FieldError.Invalid(path.Index(i).Child("hostname"), hostname, "must be a DNS name, not an IP address"));
                }
            }
        }

        return errors;
    }
}
