namespace Orchestrator.Client.Events;

/// <summary>The two types of a core/v1 Event.</summary>
public static class EventType
{
    /// <summary>Nothing is wrong: something happened as expected.</summary>
    public const string Normal = "Normal";

    /// <summary>Something may be wrong.</summary>
    public const string Warning = "Warning";

    public static bool IsValid(string type) => type is Normal or Warning;
}
