using System.Text.Json.Nodes;
using Orchestrator.Model.Resources;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A pod's resource requests as Kubernetes' resource.PodRequests computes them: the sum over its
/// containers; sidecars (init containers with restartPolicy Always) added to that sum and to every later
/// init container; the largest init container (with the sidecars started before it) when that is more
/// than the sum; pod-level spec.resources.requests replacing cpu, memory and hugepages; and
/// spec.overhead on top. Sums are exact (<see cref="Quantity"/>) and converted to whole units at the end.
/// </summary>
internal static class PodRequestsCalculator
{
    /// <summary>Kubernetes' DefaultMilliCPURequest: what a container without a cpu request counts as when spreading.</summary>
    public const long DefaultMilliCpuRequest = 100;

    /// <summary>Kubernetes' DefaultMemoryRequest (200 MiB).</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;

    private static readonly Dictionary<string, Quantity> DefaultsForMissing = new(StringComparer.Ordinal)
    {
        [ResourceNames.Cpu] = Quantity.FromMilli(DefaultMilliCpuRequest),
        [ResourceNames.Memory] = Quantity.FromInt64(DefaultMemoryRequest),
    };

    public static ResourceRequests Compute(JsonObject? spec)
    {
        var requests = Aggregate(spec, null);

        // The node's accounting (NodeInfo.NonZeroRequested): defaults apply only to a resource no
        // container asks for, and not at all when pod-level requests are set.
        var nonMissing = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        if (!PodLevelRequestsSet(spec))
        {
            foreach (var (name, value) in DefaultsForMissing)
            {
                if (!requests.ContainsKey(name))
                {
                    nonMissing[name] = value;
                }
            }
        }

        var nonZero = nonMissing.Count == 0 ? requests : Aggregate(spec, nonMissing);
        var scoring = Aggregate(spec, DefaultsForMissing);

        var scalars = new List<KeyValuePair<string, long>>();
        foreach (var (name, quantity) in requests)
        {
            if (ResourceNames.IsScalar(name) && Whole(quantity) is var value and not 0)
            {
                scalars.Add(new KeyValuePair<string, long>(name, value));
            }
        }

        scalars.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new ResourceRequests(
            Milli(requests.GetValueOrDefault(ResourceNames.Cpu)),
            Whole(requests.GetValueOrDefault(ResourceNames.Memory)),
            Whole(requests.GetValueOrDefault(ResourceNames.EphemeralStorage)),
            [.. scalars],
            Milli(nonZero.GetValueOrDefault(ResourceNames.Cpu)),
            Whole(nonZero.GetValueOrDefault(ResourceNames.Memory)),
            Milli(scoring.GetValueOrDefault(ResourceNames.Cpu)),
            Whole(scoring.GetValueOrDefault(ResourceNames.Memory)));
    }

    /// <summary>A resource list (requests, allocatable, overhead) read from JSON; quantities that do not parse are left out.</summary>
    public static Dictionary<string, Quantity> ReadList(JsonObject? list)
    {
        var result = new Dictionary<string, Quantity>(list?.Count ?? 0, StringComparer.Ordinal);
        foreach (var (name, node) in list ?? [])
        {
            try
            {
                result[name] = Quantity.FromJsonNode(node);
            }
            catch (FormatException)
            {
                // The API validates quantities; one that got through anyway counts as not requested.
            }
        }

        return result;
    }

    /// <summary>Millicores, rounded up, saturating at the bounds of Int64.</summary>
    public static long Milli(Quantity quantity)
    {
        try
        {
            return quantity.MilliValue();
        }
        catch (OverflowException)
        {
            return quantity.IsNegative ? long.MinValue : long.MaxValue;
        }
    }

    /// <summary>Whole units, rounded up, saturating at the bounds of Int64.</summary>
    public static long Whole(Quantity quantity)
    {
        try
        {
            return quantity.Value();
        }
        catch (OverflowException)
        {
            return quantity.IsNegative ? long.MinValue : long.MaxValue;
        }
    }

    private static Dictionary<string, Quantity> Aggregate(JsonObject? spec, Dictionary<string, Quantity>? nonMissing)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in Json.Objects(spec, "containers"))
        {
            Add(result, ContainerRequests(container, nonMissing));
        }

        var sidecars = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var initMax = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var container in Json.Objects(spec, "initContainers"))
        {
            var requests = ContainerRequests(container, nonMissing);
            Dictionary<string, Quantity> inUse;
            if (Json.String(container, "restartPolicy") == "Always")
            {
                // A sidecar keeps running beside the app containers and every init container after it.
                Add(result, requests);
                Add(sidecars, requests);
                inUse = sidecars;
            }
            else
            {
                inUse = new Dictionary<string, Quantity>(requests, StringComparer.Ordinal);
                Add(inUse, sidecars);
            }

            Max(initMax, inUse);
        }

        Max(result, initMax);

        foreach (var (name, quantity) in ReadList(Json.Object(Json.Object(spec, "resources"), "requests")))
        {
            if (IsPodLevelResource(name))
            {
                result[name] = quantity;
            }
        }

        Add(result, ReadList(Json.Object(spec, "overhead")));
        return result;
    }

    private static Dictionary<string, Quantity> ContainerRequests(JsonObject container, Dictionary<string, Quantity>? nonMissing)
    {
        var requests = ReadList(Json.Object(Json.Object(container, "resources"), "requests"));
        if (nonMissing is not null)
        {
            foreach (var (name, value) in nonMissing)
            {
                requests.TryAdd(name, value);
            }
        }

        return requests;
    }

    // Pod-level resources (spec.resources) cover cpu, memory and hugepages only.
    private static bool IsPodLevelResource(string name) =>
        name is ResourceNames.Cpu or ResourceNames.Memory || name.StartsWith(ResourceNames.HugePagesPrefix, StringComparison.Ordinal);

    private static bool PodLevelRequestsSet(JsonObject? spec)
    {
        foreach (var (name, _) in Json.Object(Json.Object(spec, "resources"), "requests") ?? [])
        {
            if (IsPodLevelResource(name))
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(Dictionary<string, Quantity> total, Dictionary<string, Quantity> more)
    {
        foreach (var (name, quantity) in more)
        {
            total[name] = total.TryGetValue(name, out var sum) ? SafeAdd(sum, quantity) : quantity;
        }
    }

    private static void Max(Dictionary<string, Quantity> total, Dictionary<string, Quantity> other)
    {
        foreach (var (name, quantity) in other)
        {
            if (!total.TryGetValue(name, out var current) || quantity > current)
            {
                total[name] = quantity;
            }
        }
    }

    // Quantities too far apart to add exactly (1e200000 and 1n) keep the larger; nothing here can tell them apart.
    private static Quantity SafeAdd(Quantity a, Quantity b)
    {
        try
        {
            return a + b;
        }
        catch (OverflowException)
        {
            return a >= b ? a : b;
        }
    }
}
