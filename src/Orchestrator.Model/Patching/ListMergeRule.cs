namespace Orchestrator.Model.Patching;

/// <summary>
/// A list field that a strategic merge patch merges instead of replacing: the field's
/// <c>patchStrategy:"merge"</c> tag in k8s.io/api. <see cref="Path"/> is the dotted path from the
/// object root through maps and list elements (<c>spec.containers.ports</c>); <see cref="MergeKey"/> is
/// the <c>patchMergeKey</c> identifying elements, or empty for a list of primitives merged as a set.
/// </summary>
public readonly record struct ListMergeRule(string Path, string MergeKey)
{
    /// <summary>A list of objects merged by the value of <paramref name="mergeKey"/>.</summary>
    public static ListMergeRule MergeBy(string path, string mergeKey) => new(path, mergeKey);

    /// <summary>A list of primitives merged as a set (e.g. <c>metadata.finalizers</c>).</summary>
    public static ListMergeRule MergePrimitives(string path) => new(path, string.Empty);

    /// <summary>The same rules mounted below <paramref name="prefix"/>, for a structure that appears inside others.</summary>
    public static IEnumerable<ListMergeRule> Under(string prefix, IEnumerable<ListMergeRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return rules.Select(rule => rule with { Path = prefix + "." + rule.Path });
    }
}
