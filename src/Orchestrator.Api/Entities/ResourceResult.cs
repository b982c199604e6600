using Orchestrator.Api.Errors;
using Orchestrator.Api.Messaging;

namespace Orchestrator.Api.Entities;

/// <summary>What a command did, for the caller to render: HTTP is the handlers' business, not the entity's.</summary>
public enum ResourceOutcome
{
    /// <summary>Read, updated, or unchanged: the object as it now stands.</summary>
    Ok,

    /// <summary>The object was created.</summary>
    Created,

    /// <summary>The command was refused; <see cref="ResourceResult.Status"/> says why.</summary>
    Failed,
}

/// <summary>
/// The outcome of a command: the object as stored (with its resourceVersion), serialized on the entity
/// so no other thread ever reads the entity's JSON tree; or the refusal as a Kubernetes Status.
/// </summary>
public sealed record ResourceResult(ResourceOutcome Outcome, byte[]? Object, ApiStatus? Status) : IGatewayMessage
{
    public static ResourceResult Ok(byte[] json) => new(ResourceOutcome.Ok, json, null);

    public static ResourceResult Created(byte[] json) => new(ResourceOutcome.Created, json, null);

    /// <summary>A successful command with nothing to show (a binding).</summary>
    public static ResourceResult Done() => new(ResourceOutcome.Ok, null, null);

    public static ResourceResult Failed(StatusException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(ResourceOutcome.Failed, null, ApiStatus.From(error));
    }

    /// <summary>The refusal as the exception the HTTP layer renders, or null.</summary>
    public StatusException? Error => Status?.ToException();
}
