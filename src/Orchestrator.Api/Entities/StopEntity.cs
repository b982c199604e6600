using Akka.Actor;

namespace Orchestrator.Api.Entities;

/// <summary>
/// What the shard sends an entity it passivates (its hand-off stop message), and what an entity asks for
/// with <c>Passivate</c>. Unlike a PoisonPill, which stops an actor at once, it is a command: one that
/// arrives while a write is being persisted waits behind it, so the write still gets its reply. It never
/// leaves the member (a shard's entities are its children).
/// </summary>
public sealed class StopEntity : INoSerializationVerificationNeeded
{
    public static readonly StopEntity Instance = new();

    private StopEntity()
    {
    }
}
