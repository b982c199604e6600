using Orchestrator.Model.Selectors;

namespace Orchestrator.Api.Watch;

/// <summary>Which objects a list or watch wants: a namespace (null for all), a label and a field selector.</summary>
public sealed record WatchFilter(string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public static WatchFilter All { get; } = new(null, LabelSelector.Everything, FieldSelector.Everything);

    public bool Matches(CachedObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return (Namespace is null || Namespace == obj.Namespace)
            && Labels.Matches(obj.Labels)
            && Fields.Matches(field => obj.Field(field) ?? "");
    }
}
