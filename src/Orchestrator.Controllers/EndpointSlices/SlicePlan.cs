using System.Text.Json.Nodes;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>
/// What to write so a Service's slices of one address type hold exactly the desired endpoints, changing as few
/// slices as possible, as Kubernetes' EndpointSlice reconciler does: per port list, existing slices keep the
/// endpoints still wanted (updated in place when they changed) and lose the others (a slice left empty is
/// deleted); new endpoints fill the slices being updated anyway, then unchanged slices with room, then new
/// slices of at most <c>maxPerSlice</c>; slices of port lists no longer offered are deleted. A Service with no
/// endpoints keeps one empty placeholder slice.
/// </summary>
public sealed class SlicePlan
{
    public List<(JsonArray Ports, List<JsonObject> Endpoints)> Creates { get; } = [];

    public List<(JsonObject Slice, List<JsonObject> Endpoints)> Updates { get; } = [];

    public List<JsonObject> Deletes { get; } = [];

    /// <summary>Slices kept as they are (their labels may still need updating).</summary>
    public List<JsonObject> Unchanged { get; } = [];

    /// <param name="existing">The Service's slices of this address type that this controller manages.</param>
    /// <param name="placeholder">Keep one empty slice when there is nothing to list (the EndpointSlice controller does; mirroring does not).</param>
    public static SlicePlan Compute(IReadOnlyList<JsonObject> existing, IReadOnlyList<SliceEndpoint> desired, int maxPerSlice, bool placeholder = true)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPerSlice);
        var plan = new SlicePlan();
        var wanted = desired.GroupBy(e => e.PortsKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var existingByPorts = existing
            .OrderBy(s => s["metadata"]?["name"]?.ToString(), StringComparer.Ordinal)
            .GroupBy(s => SliceEndpoint.KeyOfPorts(s["ports"] as JsonArray), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        foreach (var (portsKey, slices) in existingByPorts)
        {
            if (!wanted.ContainsKey(portsKey))
            {
                plan.Deletes.AddRange(slices);
            }
        }

        foreach (var (portsKey, endpoints) in wanted)
        {
            var remaining = new Dictionary<string, SliceEndpoint>(StringComparer.Ordinal);
            foreach (var endpoint in endpoints)
            {
                remaining.TryAdd(endpoint.Key, endpoint);
            }

            var updates = new List<(JsonObject Slice, List<JsonObject> Endpoints)>();
            var unchanged = new List<(JsonObject Slice, List<JsonObject> Endpoints)>();
            foreach (var slice in existingByPorts.GetValueOrDefault(portsKey) ?? [])
            {
                var kept = new List<JsonObject>();
                var changed = false;
                foreach (var current in (slice["endpoints"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (remaining.Remove(SliceEndpoint.KeyOf(current), out var next))
                    {
                        kept.Add(next.Endpoint);
                        changed |= !JsonNode.DeepEquals(current, next.Endpoint);
                    }
                    else
                    {
                        changed = true;
                    }
                }

                if (kept.Count == 0)
                {
                    plan.Deletes.Add(slice);
                }
                else
                {
                    (changed ? updates : unchanged).Add((slice, kept));
                }
            }

            // New endpoints go where a write happens anyway, then where there is room, then into new slices.
            var queue = new Queue<SliceEndpoint>(remaining.Values.OrderBy(e => e.Key, StringComparer.Ordinal));
            foreach (var (_, kept) in updates)
            {
                while (queue.Count > 0 && kept.Count < maxPerSlice)
                {
                    kept.Add(queue.Dequeue().Endpoint);
                }
            }

            foreach (var entry in unchanged.OrderBy(u => u.Endpoints.Count).ToList())
            {
                if (queue.Count == 0 || entry.Endpoints.Count >= maxPerSlice)
                {
                    continue;
                }

                while (queue.Count > 0 && entry.Endpoints.Count < maxPerSlice)
                {
                    entry.Endpoints.Add(queue.Dequeue().Endpoint);
                }

                unchanged.Remove(entry);
                updates.Add(entry);
            }

            while (queue.Count > 0)
            {
                var batch = new List<JsonObject>();
                while (queue.Count > 0 && batch.Count < maxPerSlice)
                {
                    batch.Add(queue.Dequeue().Endpoint);
                }

                plan.Creates.Add((endpoints[0].Ports, batch));
            }

            plan.Updates.AddRange(updates);
            plan.Unchanged.AddRange(unchanged.Select(u => u.Slice));
        }

        // Nothing to list: one empty slice says so (Kubernetes' placeholder), reused when there is one.
        if (placeholder && plan.Creates.Count == 0 && plan.Updates.Count == 0 && plan.Unchanged.Count == 0)
        {
            var empty = plan.Deletes.FirstOrDefault(IsPlaceholder);
            if (empty is not null)
            {
                plan.Deletes.Remove(empty);
                plan.Unchanged.Add(empty);
            }
            else
            {
                plan.Creates.Add(([], []));
            }
        }

        return plan;
    }

    private static bool IsPlaceholder(JsonObject slice) =>
        (slice["endpoints"] as JsonArray ?? []).Count == 0 && (slice["ports"] as JsonArray ?? []).Count == 0;
}
