using System.Collections.Frozen;

namespace Orchestrator.Model.Schema;

/// <summary>
/// A Kubernetes message type (e.g. <c>io.k8s.api.core.v1.PodSpec</c>): its fields in the order
/// Kubernetes' JSON shows them and, for a top-level object, its kind and the API versions serving it.
/// </summary>
public sealed class MessageSchema
{
    private readonly FrozenDictionary<int, FieldSchema> _byNumber;
    private readonly FrozenDictionary<string, FieldSchema> _byJsonName;

    internal MessageSchema(string fullName, string description, IReadOnlyList<FieldSchema> fields, IReadOnlyList<string> apiVersions)
    {
        FullName = fullName;
        Description = description;
        Fields = fields;
        ApiVersions = apiVersions;
        FieldsByNumber = [.. fields.OrderBy(f => f.Number)];
        _byNumber = fields.ToFrozenDictionary(f => f.Number);
        _byJsonName = fields.Where(f => !f.IsInline).ToFrozenDictionary(f => f.JsonName, StringComparer.Ordinal);
    }

    /// <summary>The OpenAPI definition name, e.g. <c>io.k8s.api.apps.v1.Deployment</c>.</summary>
    public string FullName { get; }

    /// <summary>The last segment of the full name, e.g. <c>Deployment</c>.</summary>
    public string Name => FullName[(FullName.LastIndexOf('.') + 1)..];

    public string Description { get; }

    /// <summary>The fields in JSON order (Go struct order).</summary>
    public IReadOnlyList<FieldSchema> Fields { get; }

    /// <summary>The fields by ascending number: the order Kubernetes writes them in protobuf.</summary>
    public IReadOnlyList<FieldSchema> FieldsByNumber { get; }

    /// <summary>The apiVersions this message is a kind of (the first is its own group version); empty for a nested type.</summary>
    public IReadOnlyList<string> ApiVersions { get; }

    /// <summary>True for a top-level object (it carries apiVersion and kind in JSON).</summary>
    public bool IsKind => ApiVersions.Count > 0;

    /// <summary>The kind of a top-level object; null for a nested type.</summary>
    public string? Kind => IsKind ? Name : null;

    public FieldSchema? FieldByNumber(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>A field by JSON name; inline fields have none, so look into their message for those.</summary>
    public FieldSchema? FieldByJsonName(string jsonName) => _byJsonName.GetValueOrDefault(jsonName);

    public override string ToString() => FullName;
}
