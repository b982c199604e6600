namespace Orchestrator.Model.Schema;

/// <summary>
/// When a field appears in Kubernetes' JSON, following the Go type and json tag behind it. Kubernetes'
/// protobuf (gogo, proto2) always writes a Go value field, zero or not, and writes a pointer only when
/// set, so presence on the wire alone does not say whether the JSON shows a field: this does.
/// </summary>
public enum JsonPresence
{
    /// <summary>
    /// A value without <c>omitempty</c>, or any struct value (Go never omits those): always shown,
    /// as its zero value when unset ("" / 0 / false / {} / null for a time, a list or a map).
    /// </summary>
    Always,

    /// <summary>A value with <c>omitempty</c>: shown unless zero, empty or unset.</summary>
    OmitEmpty,

    /// <summary>A Go pointer with <c>omitempty</c>: shown exactly when set, zero values included (<c>replicas: 0</c>).</summary>
    WhenSet,

    /// <summary>A Go pointer without <c>omitempty</c>: its value when set, null when not (a deployment's <c>selector</c>).</summary>
    NullWhenUnset,
}
