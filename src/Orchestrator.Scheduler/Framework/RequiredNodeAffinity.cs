using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// What a pod demands of its node's labels: spec.nodeSelector (every pair equal) and, when present,
/// requiredDuringSchedulingIgnoredDuringExecution (any one of its terms), as Kubernetes'
/// GetRequiredNodeAffinity.
/// </summary>
public sealed class RequiredNodeAffinity
{
    private readonly KeyValuePair<string, string>[] _nodeSelector;
    private readonly NodeSelectorTerm[]? _terms;

    public RequiredNodeAffinity(IReadOnlyDictionary<string, string> nodeSelector, IReadOnlyList<NodeSelectorTerm>? terms)
    {
        ArgumentNullException.ThrowIfNull(nodeSelector);
        _nodeSelector = [.. nodeSelector.OrderBy(pair => pair.Key, StringComparer.Ordinal)];
        _terms = terms is null ? null : [.. terms];
    }

    /// <summary>Neither a nodeSelector nor required terms: every node matches.</summary>
    public bool IsEmpty => _nodeSelector.Length == 0 && _terms is null;

    public IReadOnlyList<KeyValuePair<string, string>> NodeSelector => _nodeSelector;

    /// <summary>The required terms, null when the pod has no required node affinity.</summary>
    public IReadOnlyList<NodeSelectorTerm>? Terms => _terms;

    public static RequiredNodeAffinity FromSpec(JsonObject? spec)
    {
        var nodeSelector = Json.StringMap(Json.Object(spec, "nodeSelector"));
        var required = Json.Object(Json.Object(Json.Object(spec, "affinity"), "nodeAffinity"), "requiredDuringSchedulingIgnoredDuringExecution");
        NodeSelectorTerm[]? terms = required is null ? null : [.. Json.Objects(required, "nodeSelectorTerms").Select(NodeSelectorTerm.FromJson)];
        return new RequiredNodeAffinity(nodeSelector, terms);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(string nodeName, Dictionary<string, string> nodeLabels)
    {
        ArgumentNullException.ThrowIfNull(nodeLabels);
        foreach (var (key, value) in _nodeSelector)
        {
            if (!nodeLabels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (_terms is null)
        {
            return true;
        }

        foreach (var term in _terms)
        {
            if (term.Matches(nodeName, nodeLabels))
            {
                return true;
            }
        }

        return false;
    }
}
