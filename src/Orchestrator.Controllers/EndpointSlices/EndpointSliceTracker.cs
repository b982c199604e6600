using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Client.Informers;
using Orchestrator.Model.Objects;

namespace Orchestrator.Controllers.EndpointSlices;

/// <summary>
/// The slices this controller last wrote per Service, and at which resourceVersion (Kubernetes'
/// endpointSliceTracker): until the informer shows them, a sync would work from a stale cache and create
/// slices twice, so it waits. Thread-safe across Services; one Service is never synced twice at once.
/// </summary>
public sealed class EndpointSliceTracker
{
    private const long Gone = -1;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, long>> _written = new(StringComparer.Ordinal);

    public void Wrote(string serviceKey, JsonObject slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        Slices(serviceKey)[KubeObject.Name(slice)!] = Version(slice);
    }

    public void Deleted(string serviceKey, string sliceName) => Slices(serviceKey)[sliceName] = Gone;

    /// <summary>True when the cache shows every write made for the Service (and forgets those it shows).</summary>
    public bool CacheIsCurrent(string serviceKey, string? ns, Lister slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        if (!_written.TryGetValue(serviceKey, out var written))
        {
            return true;
        }

        foreach (var (name, version) in written)
        {
            var cached = slices.Get(ns, name);
            var seen = version == Gone ? cached is null : cached is not null && Version(cached) >= version;
            if (!seen)
            {
                return false;
            }

            written.TryRemove(new KeyValuePair<string, long>(name, version));
        }

        return true;
    }

    public void Forget(string serviceKey) => _written.TryRemove(serviceKey, out _);

    private ConcurrentDictionary<string, long> Slices(string serviceKey) =>
        _written.GetOrAdd(serviceKey, _ => new ConcurrentDictionary<string, long>(StringComparer.Ordinal));

    private static long Version(JsonObject slice) =>
        long.TryParse(KubeObject.ResourceVersion(slice), NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : 0;
}
