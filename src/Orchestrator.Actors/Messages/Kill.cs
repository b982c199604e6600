namespace Orchestrator.Actors;

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/>, so its supervisor decides (stop by default).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    public static readonly Kill Instance = new();

    private Kill()
    {
    }
}
