using System.Net;
using System.Text.Json.Nodes;
using Akka.Actor;
using Orchestrator.Api.Errors;
using Orchestrator.Api.Watch;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Admission;

/// <summary>
/// Hands out Service cluster IPs and node ports (Kubernetes' service IP and node-port allocators).
/// One actor, so two concurrent creates never get the same address. What is in use comes from the
/// services watch cache, plus what this actor handed out that the cache may not show yet.
/// </summary>
public sealed class ServiceAllocator : ReceiveActor
{
    private static readonly TimeSpan ReservationTtl = TimeSpan.FromMinutes(1);

    private readonly IActorRef _services;
    private readonly ServiceAllocatorSettings _settings;
    private readonly Dictionary<string, DateTime> _reservedIps = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTime> _reservedPorts = [];

    public ServiceAllocator(IActorRef servicesCache, ServiceAllocatorSettings settings)
    {
        _services = servicesCache;
        _settings = settings;
        ReceiveAsync<AllocateServiceAddresses>(AllocateAsync);
    }

    private async Task AllocateAsync(AllocateServiceAddresses request)
    {
        var sender = Sender;
        try
        {
            var list = await _services.Ask<ObjectList>(new ListObjects(WatchFilter.All, null, 0), TimeSpan.FromSeconds(30));
            var usedIps = new HashSet<string>(StringComparer.Ordinal);
            var usedPorts = new HashSet<int>();
            foreach (var item in list.Items)
            {
                var existing = JsonNode.Parse(item.Json)!.AsObject();
                if (KubeObject.GetString(existing, "spec", "clusterIP") is { Length: > 0 } ip)
                {
                    usedIps.Add(ip);
                }

                foreach (var port in Ports(existing))
                {
                    if (port["nodePort"] is JsonValue value && value.TryGetValue<int>(out var nodePort))
                    {
                        usedPorts.Add(nodePort);
                    }
                }
            }

            Expire();
            usedIps.UnionWith(_reservedIps.Keys);
            usedPorts.UnionWith(_reservedPorts.Keys);
            var service = request.Service;
            Assign(service, usedIps, usedPorts);
            sender.Tell(new ServiceAddressesAllocated(service));
        }
        catch (StatusException e)
        {
            sender.Tell(new Status.Failure(e));
        }
    }

    private void Assign(JsonObject service, HashSet<string> usedIps, HashSet<int> usedPorts)
    {
        var spec = KubeObject.EnsureObject(service, "spec");
        var type = KubeObject.GetString(service, "spec", "type") ?? "ClusterIP";
        var name = KubeObject.Name(service) ?? "";
        var errors = new FieldErrorList();
        if (type != "ExternalName")
        {
            var clusterIp = KubeObject.GetString(service, "spec", "clusterIP");
            if (string.IsNullOrEmpty(clusterIp))
            {
                clusterIp = NextIp(usedIps) ?? throw new StatusException(500, "InternalError", $"Internal error occurred: failed to allocate a serviceIP: range is full");
                spec["clusterIP"] = clusterIp;
                spec["clusterIPs"] = new JsonArray(clusterIp);
            }
            else if (clusterIp != "None")
            {
                if (!IPAddress.TryParse(clusterIp, out var address) || !_settings.Contains(address))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("clusterIPs").Index(0), clusterIp, $"failed to allocate IP {clusterIp}: the provided IP ({clusterIp}) is not in the valid range. The range of valid IPs is {_settings.ClusterIpRange}"));
                }
                else if (usedIps.Contains(clusterIp))
                {
                    errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("clusterIPs").Index(0), clusterIp, $"failed to allocate IP {clusterIp}: provided IP is already allocated"));
                }

                spec["clusterIPs"] = new JsonArray(clusterIp);
            }
            else
            {
                spec["clusterIPs"] = new JsonArray("None");
            }

            if (errors.IsEmpty && clusterIp != "None")
            {
                _reservedIps[clusterIp] = DateTime.UtcNow;
            }
        }

        if (type is "NodePort" or "LoadBalancer")
        {
            var index = 0;
            foreach (var port in Ports(service))
            {
                if (port["nodePort"] is JsonValue value && value.TryGetValue<int>(out var requested) && requested != 0)
                {
                    if (requested < _settings.NodePortMin || requested > _settings.NodePortMax)
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("ports").Index(index).Child("nodePort"), requested, $"provided port is not in the valid range. The range of valid ports is {_settings.NodePortMin}-{_settings.NodePortMax}"));
                    }
                    else if (!usedPorts.Add(requested))
                    {
                        errors.Add(FieldError.Invalid(FieldPath.Root("spec").Child("ports").Index(index).Child("nodePort"), requested, "provided port is already allocated"));
                    }
                    else
                    {
                        _reservedPorts[requested] = DateTime.UtcNow;
                    }
                }
                else
                {
                    var allocated = NextPort(usedPorts) ?? throw new StatusException(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: range is full");
                    usedPorts.Add(allocated);
                    _reservedPorts[allocated] = DateTime.UtcNow;
                    port["nodePort"] = allocated;
                }

                index++;
            }
        }

        if (!errors.IsEmpty)
        {
            throw StatusException.Invalid(_settings.ServiceType, name, errors);
        }
    }

    private string? NextIp(HashSet<string> used)
    {
        // Random probing like Kubernetes' allocator, then a scan, so a full range is reported rather than looped on.
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var candidate = _settings.IpAt(Random.Shared.NextInt64(1, _settings.IpCount - 1)).ToString();
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        for (long i = 1; i < _settings.IpCount - 1; i++)
        {
            var candidate = _settings.IpAt(i).ToString();
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private int? NextPort(HashSet<int> used)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var candidate = Random.Shared.Next(_settings.NodePortMin, _settings.NodePortMax + 1);
            if (!used.Contains(candidate))
            {
                return candidate;
            }
        }

        for (var port = _settings.NodePortMin; port <= _settings.NodePortMax; port++)
        {
            if (!used.Contains(port))
            {
                return port;
            }
        }

        return null;
    }

    private void Expire()
    {
        var cutoff = DateTime.UtcNow - ReservationTtl;
        foreach (var ip in _reservedIps.Where(r => r.Value < cutoff).Select(r => r.Key).ToList())
        {
            _reservedIps.Remove(ip);
        }

        foreach (var port in _reservedPorts.Where(r => r.Value < cutoff).Select(r => r.Key).ToList())
        {
            _reservedPorts.Remove(port);
        }
    }

    private static IEnumerable<JsonObject> Ports(JsonObject service) =>
        KubeObject.Get(service, "spec", "ports") is JsonArray ports ? ports.OfType<JsonObject>() : [];
}

/// <summary>Fill in a new Service's cluster IP and node ports; answered with <see cref="ServiceAddressesAllocated"/> or a 422.</summary>
public sealed record AllocateServiceAddresses(JsonObject Service) : INoSerializationVerificationNeeded;

public sealed record ServiceAddressesAllocated(JsonObject Service) : INoSerializationVerificationNeeded;
