using System.Text.Json.Nodes;
using Orchestrator.Model.Schema;

namespace Orchestrator.Model.OpenApi;

/// <summary>
/// The definitions of Kubernetes' types whose JSON is not an object of fields: quantities, int-or-string,
/// times (strings), embedded raw JSON and managed fields (free objects), and the body of a patch. Fields
/// refer to them by name, as in Kubernetes' documents.
/// </summary>
internal static class WellKnownDefinitions
{
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string Time = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTime = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string RawExtension = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    public const string FieldsV1 = "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1";
    public const string Patch = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    /// <summary>The definition a field of this kind refers to; null for a plain primitive or a message.</summary>
    public static string? For(FieldKind kind) => kind switch
    {
        FieldKind.Quantity => Quantity,
        FieldKind.IntOrString => IntOrString,
        FieldKind.Time => Time,
        FieldKind.MicroTime => MicroTime,
        FieldKind.RawExtension => RawExtension,
        FieldKind.FieldsV1 => FieldsV1,
        _ => null,
    };

    /// <summary>The schema of a well-known definition; null when the name is not one.</summary>
    public static JsonObject? Schema(string name) => name switch
    {
        Quantity => new()
        {
            ["description"] = "Quantity is a fixed-point representation of a number, serialized as a string such as \"100m\", \"1.5Gi\" or \"2\".",
            ["type"] = "string",
        },
        IntOrString => new()
        {
            ["description"] = "IntOrString is a type that can hold an int32 or a string.",
            ["format"] = "int-or-string",
            ["type"] = "string",
            ["x-kubernetes-int-or-string"] = true,
        },
        Time => new()
        {
            ["description"] = "Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON, as an RFC 3339 date and time.",
            ["format"] = "date-time",
            ["type"] = "string",
        },
        MicroTime => new()
        {
            ["description"] = "MicroTime is version of Time with microsecond level precision.",
            ["format"] = "date-time",
            ["type"] = "string",
        },
        RawExtension => new()
        {
            ["description"] = "RawExtension is used to hold extensions in external versions: any embedded JSON object.",
            ["type"] = "object",
        },
        FieldsV1 => new()
        {
            ["description"] = "FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.",
            ["type"] = "object",
        },
        Patch => new()
        {
            ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            ["type"] = "object",
        },
        _ => null,
    };
}
