namespace Orchestrator.Api.Messaging;

/// <summary>
/// A message of the gateway that may cross nodes (through Akka.Cluster.Sharding to the member that owns
/// an object): plain data only, serialized by Hyperion, which creates only the types listed in
/// <c>akka.actor.serialization-settings.hyperion.allowed-types</c>. Every implementation must be listed there.
/// </summary>
public interface IGatewayMessage;
