namespace Orchestrator.Actors;

/// <summary>Sent to an actor that received nothing for the time set by SetReceiveTimeout.</summary>
public sealed class ReceiveTimeout
{
    public static readonly ReceiveTimeout Instance = new();

    private ReceiveTimeout()
    {
    }
}

/// <summary>A message marked so does not reset the receive timeout.</summary>
public interface INotInfluenceReceiveTimeout
{
}
