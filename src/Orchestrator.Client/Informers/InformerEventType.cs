namespace Orchestrator.Client.Informers;

/// <summary>What happened to a cached object (client-go's OnAdd, OnUpdate, OnDelete).</summary>
public enum InformerEventType
{
    Added,

    /// <summary>Changed, or (with the old object the same as the new one) delivered again by a periodic resync.</summary>
    Updated,

    Deleted,
}
