namespace Orchestrator.Model.Schema;

/// <summary>
/// What a field (or each element of a list or map field) holds. The last six are Kubernetes' own
/// types whose JSON form differs from their protobuf message.
/// </summary>
public enum FieldKind
{
    String,
    Int32,
    Int64,
    Bool,
    Double,

    /// <summary>Raw bytes: length-delimited in protobuf, base64 in JSON.</summary>
    Bytes,

    /// <summary>A message described by <see cref="FieldType.MessageName"/>: a JSON object.</summary>
    Message,

    /// <summary>intstr.IntOrString: a number or a string in JSON; {type=1, intVal=2, strVal=3} in protobuf.</summary>
    IntOrString,

    /// <summary>resource.Quantity: a string in JSON; {string=1} in protobuf.</summary>
    Quantity,

    /// <summary>meta/v1 Time: RFC 3339 to the second in JSON, null when zero; {seconds=1, nanos=2} in protobuf.</summary>
    Time,

    /// <summary>meta/v1 MicroTime: RFC 3339 to the microsecond in JSON; {seconds=1, nanos=2} in protobuf.</summary>
    MicroTime,

    /// <summary>runtime.RawExtension: any embedded JSON; {bytes raw=1} holding that JSON in protobuf.</summary>
    RawExtension,

    /// <summary>meta/v1 FieldsV1 (managed fields): embedded JSON; {bytes Raw=1} holding that JSON in protobuf.</summary>
    FieldsV1,
}
