using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Orchestrator.Scheduler.Framework;

/// <summary>
/// A podAffinityTerm, parsed: which pods it is about (a label selector, in the listed namespaces or in
/// those a namespace selector picks; the owning pod's own namespace when neither is given) and the node
/// label that defines "together" (topologyKey), as Kubernetes' framework.AffinityTerm.
/// </summary>
public sealed class AffinityTerm
{
    private readonly string[] _namespaces;

    public AffinityTerm(LabelMatcher selector, IEnumerable<string> namespaces, LabelMatcher namespaceSelector, string topologyKey)
    {
        ArgumentNullException.ThrowIfNull(selector);
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(namespaceSelector);
        ArgumentNullException.ThrowIfNull(topologyKey);
        Selector = selector;
        _namespaces = [.. namespaces.Distinct(StringComparer.Ordinal)];
        NamespaceSelector = namespaceSelector;
        TopologyKey = topologyKey;
    }

    public LabelMatcher Selector { get; }

    public IReadOnlyList<string> Namespaces => _namespaces;

    /// <summary>Nothing when the term has no namespaceSelector; everything for an empty one ({}).</summary>
    public LabelMatcher NamespaceSelector { get; }

    public string TopologyKey { get; }

    /// <summary>A podAffinityTerm of a pod in <paramref name="ownerNamespace"/>.</summary>
    public static AffinityTerm FromJson(JsonObject term, string ownerNamespace)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(ownerNamespace);
        var namespaces = Json.Strings(term, "namespaces");
        var namespaceSelectorJson = Json.Object(term, "namespaceSelector");
        var namespaceSelector = namespaceSelectorJson is null ? LabelMatcher.Nothing : LabelMatcher.FromJson(namespaceSelectorJson);
        if (namespaces.Length == 0 && namespaceSelectorJson is null)
        {
            namespaces = [ownerNamespace];
        }

        return new AffinityTerm(LabelMatcher.FromJson(Json.Object(term, "labelSelector")), namespaces, namespaceSelector,
            Json.String(term, "topologyKey") ?? string.Empty);
    }

    /// <summary>Whether the pod is one this term is about; <paramref name="namespaceLabels"/> are the labels of the pod's namespace.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Matches(PodInfo pod, Dictionary<string, string> namespaceLabels)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return InNamespace(pod.Namespace, namespaceLabels) && Selector.Matches(pod.LabelMap);
    }

    private bool InNamespace(string ns, Dictionary<string, string> namespaceLabels)
    {
        foreach (var candidate in _namespaces)
        {
            if (string.Equals(candidate, ns, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return !NamespaceSelector.IsNothing && NamespaceSelector.Matches(namespaceLabels);
    }

    public override string ToString() =>
        $"{{{Selector}}} in [{string.Join(",", _namespaces)}]" + (NamespaceSelector.IsNothing ? string.Empty : $" or namespaces {{{NamespaceSelector}}}") + $" by {TopologyKey}";
}
