using System.Text.Json.Nodes;
using Orchestrator.Model.Objects;
using Orchestrator.Model.Validation;

namespace Orchestrator.Api.Resources;

/// <summary>The strategy of a kind with nothing particular: no defaults, no extra validation, immediate deletion.</summary>
public class ResourceStrategy : IResourceStrategy
{
    /// <summary>Selectable field names split into their paths once, not on every object written.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> Paths = new(StringComparer.Ordinal);

    public static ResourceStrategy Plain { get; } = new();

    public virtual NameValidator NameValidator => NameValidators.DnsSubdomain;

    public virtual void Default(JsonObject obj)
    {
    }

    public virtual void PrepareForCreate(JsonObject obj)
    {
    }

    public virtual void PrepareForUpdate(JsonObject obj, JsonObject old)
    {
    }

    public virtual FieldErrorList ValidateCreate(JsonObject obj) => [];

    public virtual FieldErrorList ValidateUpdate(JsonObject obj, JsonObject old) => ValidateCreate(obj);

    public virtual FieldErrorList ValidateStatusUpdate(JsonObject obj, JsonObject old) => [];

    public virtual long? DefaultGracePeriodSeconds(JsonObject obj) => null;

    public virtual GarbageCollectionPolicy DefaultGarbageCollectionPolicy => GarbageCollectionPolicy.DeleteDependents;

    public virtual IReadOnlyList<string> PendingFinalizers(JsonObject obj) => KubeObject.Finalizers(obj);

    public virtual void PrepareForDelete(JsonObject obj)
    {
    }

    public virtual string? ForbidsDelete(string name) => null;

    public virtual string GetSelectableField(JsonObject obj, string field)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(field);
        var node = KubeObject.Get(obj, Paths.GetOrAdd(field, static f => f.Split('.')));
        return node switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
