using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A node's resources in the scheduler's units (millicores, bytes, whole units): what it can allocate,
/// or what the pods on it request in total. Totals change incrementally as pods come and go.
/// </summary>
public sealed class NodeResources
{
    private Dictionary<string, long>? _scalars;

    public long MilliCpu { get; private set; }

    public long Memory { get; private set; }

    public long EphemeralStorage { get; private set; }

    /// <summary>How many pods fit (allocatable "pods"); unused for requested totals.</summary>
    public long AllowedPods { get; private set; }

    public IReadOnlyDictionary<string, long> Scalars => (IReadOnlyDictionary<string, long>?)_scalars ?? EmptyScalars;

    private static Dictionary<string, long> EmptyScalars { get; } = [];

    /// <summary>A node's status.allocatable (or another resource list) in scheduler units.</summary>
    public static NodeResources FromResourceList(JsonObject? list)
    {
        var result = new NodeResources();
        foreach (var (name, quantity) in PodRequestsCalculator.ReadList(list))
        {
            switch (name)
            {
                case ResourceNames.Cpu:
                    result.MilliCpu = PodRequestsCalculator.Milli(quantity);
                    break;
                case ResourceNames.Memory:
                    result.Memory = PodRequestsCalculator.Whole(quantity);
                    break;
                case ResourceNames.EphemeralStorage:
                    result.EphemeralStorage = PodRequestsCalculator.Whole(quantity);
                    break;
                case ResourceNames.Pods:
                    result.AllowedPods = PodRequestsCalculator.Whole(quantity);
                    break;
                default:
                    if (ResourceNames.IsScalar(name))
                    {
                        result._scalars ??= new Dictionary<string, long>(StringComparer.Ordinal);
                        result._scalars[name] = PodRequestsCalculator.Whole(quantity);
                    }

                    break;
            }
        }

        return result;
    }

    public long Scalar(string name) => _scalars is not null && _scalars.TryGetValue(name, out var value) ? value : 0;

    /// <summary>Adds (sign 1) or removes (sign -1) a pod's requests.</summary>
    internal void Add(ResourceRequests requests, int sign)
    {
        MilliCpu += sign * requests.MilliCpu;
        Memory += sign * requests.Memory;
        EphemeralStorage += sign * requests.EphemeralStorage;
        foreach (var (name, value) in requests.ScalarSpan)
        {
            _scalars ??= new Dictionary<string, long>(StringComparer.Ordinal);
            var total = _scalars.GetValueOrDefault(name) + (sign * value);
            if (total == 0)
            {
                _scalars.Remove(name);
            }
            else
            {
                _scalars[name] = total;
            }
        }
    }

    internal NodeResources Clone() => new()
    {
        MilliCpu = MilliCpu,
        Memory = Memory,
        EphemeralStorage = EphemeralStorage,
        AllowedPods = AllowedPods,
        _scalars = _scalars is null ? null : new Dictionary<string, long>(_scalars, StringComparer.Ordinal),
    };

    public override string ToString() =>
        $"cpu={MilliCpu}m memory={Memory} ephemeral-storage={EphemeralStorage} pods={AllowedPods}"
        + string.Concat(Scalars.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $" {s.Key}={s.Value}"));
}
