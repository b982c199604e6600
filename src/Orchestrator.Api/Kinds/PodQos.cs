using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;

namespace Orchestrator.Api.Kinds;

/// <summary>
/// A pod's quality-of-service class, computed as Kubernetes' qos.ComputePodQOS from the cpu and memory
/// of every container and init container: Guaranteed when each container limits both and all requests
/// equal the limits, BestEffort when nothing is requested or limited, Burstable otherwise.
/// </summary>
internal static class PodQos
{
    public const string Guaranteed = "Guaranteed";
    public const string Burstable = "Burstable";
    public const string BestEffort = "BestEffort";

    public static string Compute(JsonObject? spec)
    {
        var requests = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var guaranteed = true;
        var containers = JsonFields.Objects(JsonFields.Array(spec, "containers"))
            .Concat(JsonFields.Objects(JsonFields.Array(spec, "initContainers")));
        foreach (var (_, container) in containers)
        {
            var resources = JsonFields.Object(container, "resources");
            Accumulate(JsonFields.Object(resources, "requests"), requests);
            var limited = Accumulate(JsonFields.Object(resources, "limits"), limits);
            if (!limited.Contains(ResourceNames.Cpu) || !limited.Contains(ResourceNames.Memory))
            {
                guaranteed = false;
            }
        }

        if (requests.Count == 0 && limits.Count == 0)
        {
            return BestEffort;
        }

        guaranteed = guaranteed
            && requests.All(request => limits.TryGetValue(request.Key, out var limit) && limit == request.Value)
            && requests.Count == limits.Count;
        return guaranteed ? Guaranteed : Burstable;
    }

    // The exact sum; for quantities so far apart in magnitude that it would take more digits than Quantity
    // allows (e.g. 1e200000 and 1n), the larger, which the smaller cannot change in any comparison that matters here.
    private static Quantity Sum(Quantity total, Quantity quantity)
    {
        try
        {
            return total + quantity;
        }
        catch (OverflowException)
        {
            return total >= quantity ? total : quantity;
        }
    }

    // Adds the positive cpu and memory quantities of one list to the totals; answers which it found.
    private static HashSet<string> Accumulate(JsonObject? list, Dictionary<string, Quantity> totals)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in list ?? [])
        {
            if (name is not (ResourceNames.Cpu or ResourceNames.Memory)
                || ResourceQuantities.Parse(node) is not { Sign: > 0 } quantity)
            {
                continue;
            }

            found.Add(name);
            totals[name] = totals.TryGetValue(name, out var total) ? Sum(total, quantity) : quantity;
        }

        return found;
    }
}
