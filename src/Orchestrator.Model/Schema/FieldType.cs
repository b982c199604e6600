namespace Orchestrator.Model.Schema;

/// <summary>
/// The type of a field: a kind, its shape (single, list, map) and, for messages, the message's full
/// name. The static members read like a type expression: <c>ListOf(Ref(Core + "Container"))</c>.
/// </summary>
public sealed record FieldType(FieldKind Kind, FieldShape Shape = FieldShape.Single, string? MessageName = null)
{
    public static FieldType Str { get; } = new(FieldKind.String);

    public static FieldType Int { get; } = new(FieldKind.Int32);

    public static FieldType Long { get; } = new(FieldKind.Int64);

    public static FieldType Bool { get; } = new(FieldKind.Bool);

    public static FieldType Float { get; } = new(FieldKind.Double);

    public static FieldType Bytes { get; } = new(FieldKind.Bytes);

    public static FieldType IntOrString { get; } = new(FieldKind.IntOrString);

    public static FieldType Quantity { get; } = new(FieldKind.Quantity);

    public static FieldType Time { get; } = new(FieldKind.Time);

    public static FieldType MicroTime { get; } = new(FieldKind.MicroTime);

    public static FieldType RawExtension { get; } = new(FieldKind.RawExtension);

    public static FieldType FieldsV1 { get; } = new(FieldKind.FieldsV1);

    /// <summary>A message, by full name (e.g. <c>io.k8s.api.core.v1.PodSpec</c>).</summary>
    public static FieldType Ref(string messageName) => new(FieldKind.Message, FieldShape.Single, messageName);

    public static FieldType ListOf(FieldType element) => Single(element) with { Shape = FieldShape.List };

    /// <summary>A map with string keys.</summary>
    public static FieldType MapOf(FieldType value) => Single(value) with { Shape = FieldShape.Map };

    public override string ToString()
    {
        var element = Kind == FieldKind.Message ? MessageName! : Kind.ToString();
        return Shape switch
        {
            FieldShape.List => $"[]{element}",
            FieldShape.Map => $"map[string]{element}",
            _ => element,
        };
    }

    private static FieldType Single(FieldType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.Shape == FieldShape.Single
            ? type
            : throw new ArgumentException("a list or map holds single values, not lists or maps", nameof(type));
    }
}
