using System.Text.Json;
using System.Text.Json.Nodes;

namespace Orchestrator.Client;

/// <summary>
/// A metav1.Status: how the API reports a failure (and some successes, such as an immediate delete).
/// <see cref="Details"/> keeps the raw details (name, kind, causes, retryAfterSeconds).
/// </summary>
public sealed record KubeStatus
{
    /// <summary>"Success" or "Failure".</summary>
    public string? Status { get; init; }

    public string? Message { get; init; }

    /// <summary>A machine-readable reason: NotFound, AlreadyExists, Conflict, Invalid, Expired, Forbidden…</summary>
    public string? Reason { get; init; }

    /// <summary>The HTTP status code the failure maps to (0 when absent).</summary>
    public int Code { get; init; }

    public JsonObject? Details { get; init; }

    /// <summary>The Status in a JSON node, or null when the node is not one (kind Status, or untyped with a code or reason).</summary>
    public static KubeStatus? FromJson(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        var kind = Text(obj, "kind");
        if (kind is not null ? kind != "Status" : obj["code"] is null && obj["reason"] is null)
        {
            return null;
        }

        return new KubeStatus
        {
            Status = Text(obj, "status"),
            Message = Text(obj, "message"),
            Reason = Text(obj, "reason"),
            Code = obj["code"] is JsonValue code && code.GetValueKind() == JsonValueKind.Number && code.TryGetValue<int>(out var n) ? n : 0,
            Details = obj["details"]?.DeepClone() as JsonObject,
        };
    }

    private static string? Text(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
