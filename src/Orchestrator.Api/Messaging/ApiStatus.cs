using System.Text.Json.Nodes;
using Orchestrator.Api.Errors;

namespace Orchestrator.Api.Messaging;

/// <summary>A refusal as plain data: the fields of a Kubernetes metav1.Status, details as JSON.</summary>
public sealed record ApiStatus(int Code, string Reason, string Message, string? Details) : IGatewayMessage
{
    public static ApiStatus From(StatusException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ApiStatus(error.Code, error.Reason, error.Message, error.Details?.ToJsonString());
    }

    public StatusException ToException() =>
        new(Code, Reason, Message, Details is null ? null : JsonNode.Parse(Details)!.AsObject());
}
